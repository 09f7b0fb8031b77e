package dev.authstack.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.cache.BatchStrategies;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/**
 * The shared store, the object cache and their health: on Redis when AUTH_REDIS_URL is set, in
 * this process otherwise (the embedded default). The choice follows the URL's value, not the
 * profile. Key layout and degraded behaviour: the README, section "Redis".
 */
@Configuration(proxyBeanMethods = false)
class SharedStateConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SharedStateConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@Conditional(RedisConfigured.Not.class)
	static class InProcess {

		/** Refuses before any bean exists (the database included) where in-process state is not allowed. */
		@Bean
		static BeanFactoryPostProcessor inProcessSharedStateAllowed(Environment environment) {
			return beanFactory -> {
				if (!Binder.get(environment).bind("auth.redis.allow-in-process", Boolean.class).orElse(true)) {
					throw new IllegalStateException("AUTH_REDIS_URL is not set and this profile does not allow "
							+ "in-process shared state (lockouts and revocations must be shared by every replica); "
							+ "point AUTH_REDIS_URL at a Redis server");
				}
			};
		}

		@Bean
		SharedStore sharedStore() {
			log.info("Shared state in-process (AUTH_REDIS_URL is not set): fine for one instance only");
			return new InMemorySharedStore();
		}

		@Bean
		CacheManager cacheManager() {
			CaffeineCacheManager manager = new CaffeineCacheManager();
			manager.setCaffeine(
					Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).recordStats());
			return manager;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(RedisConfigured.class)
	static class OnRedis {

		@Bean(destroyMethod = "shutdown")
		ClientResources redisClientResources(MeterRegistry meters) {
			return DefaultClientResources.builder()
				// back within about a second of Redis returning, instead of Lettuce's 30 s ceiling
				.reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
				// lettuce.command.completion / .firstresponse timers, tagged by command
				.commandLatencyRecorder(new MicrometerCommandLatencyRecorder(meters, MicrometerOptions.create()))
				.build();
		}

		@Bean
		LettuceConnectionFactory redisConnectionFactory(RedisProperties properties, ClientResources resources) {
			RedisEndpoint endpoint = RedisEndpoint.parse(properties.url(), properties.password());
			ClientOptions options = ClientOptions.builder()
				.autoReconnect(true)
				// while disconnected, fail at once rather than queue until the timeout
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.socketOptions(SocketOptions.builder().connectTimeout(properties.connectTimeout()).keepAlive(true).build())
				.timeoutOptions(TimeoutOptions.enabled(properties.commandTimeout()))
				.build();
			LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
				.clientResources(resources)
				.clientOptions(options)
				.clientName("authstack")
				.commandTimeout(properties.commandTimeout());
			if (endpoint.tls()) {
				client.useSsl();
			}
			log.info("Shared state on Redis at {} (connect timeout {} ms, command timeout {} ms)", endpoint,
					properties.connectTimeout().toMillis(), properties.commandTimeout().toMillis());
			// connects on first use, so the service starts (degraded) while Redis is away
			return new LettuceConnectionFactory(endpoint.configuration(), client.build());
		}

		@Bean
		RedisReconnectEvents redisReconnectEvents(ClientResources resources, ApplicationEventPublisher events) {
			return new RedisReconnectEvents(resources, events);
		}

		@Bean
		RedisCircuitBreaker redisCircuitBreaker(RedisProperties properties) {
			return new RedisCircuitBreaker(properties.failureBackoff());
		}

		@Bean
		SharedStore sharedStore(RedisConnectionFactory connections, RedisCircuitBreaker breaker, MeterRegistry meters) {
			return new RedisSharedStore(new StringRedisTemplate(connections), breaker, meters);
		}

		@Bean
		CacheManager cacheManager(RedisConnectionFactory connections, RedisProperties properties,
				RedisCircuitBreaker breaker, List<CacheSpec> caches) {
			Map<String, RedisCacheConfiguration> configurations = new LinkedHashMap<>();
			for (CacheSpec cache : caches) {
				configurations.put(cache.name(), RedisCacheConfiguration.defaultCacheConfig()
					.computePrefixWith(name -> cache.keyPrefix())
					.entryTtl(properties.cacheTtl())
					.disableCachingNullValues()
					.serializeValuesWith(SerializationPair.fromSerializer(json(cache.valueType()))));
			}
			RedisCacheWriter writer = RedisCacheWriter.create(connections, cacheWriter -> cacheWriter
				// SCAN, never KEYS, should anything clear a cache
				.batchStrategy(BatchStrategies.scan(1000))
				// Spring Data's default with Lettuce is fire-and-forget PUT/DEL on a second connection:
				// an eviction then "succeeds" before Redis has done it (never recorded as missed when
				// Redis hangs), and the next GET, on the other connection, can overtake it and serve the
				// old entry. Waiting for the reply keeps every cache command on the one shared connection,
				// which Redis executes in order, and lets a failed write reach GuardedCache.
				.immediateWrites());
			// only declared caches: each needs its value type to be read back
			return new GuardedRedisCacheManager(writer, configurations, breaker);
		}

		@Bean
		RedisHealthCheck redisHealthCheck(RedisConnectionFactory connections, RedisCircuitBreaker breaker) {
			return new RedisHealthCheck(connections, breaker);
		}

		/**
		 * Connects before the first request needs it, and says at startup whether Redis answers.
		 * On its own thread: readiness does not depend on Redis (a replica without it still
		 * serves), and the first connection (Netty, Lettuce) held /readyz for 0.4 s (median), up to 2 s.
		 */
		@Bean
		ApplicationListener<ApplicationReadyEvent> redisWarmUp(RedisHealthCheck health) {
			return event -> {
				Thread warmUp = new Thread(() -> {
					long start = System.nanoTime();
					if (health.up()) {
						log.info("Redis answered PING in {} ms", (System.nanoTime() - start) / 1_000_000);
					}
					else {
						log.warn("Redis does not answer yet; serving from PostgreSQL and local fallbacks until it does");
					}
				}, "redis-warm-up");
				warmUp.setDaemon(true);
				warmUp.start();
			};
		}

		/** Plain JSON of one type; its own mapper, so the API's naming policy is no part of the format. */
		@SuppressWarnings({ "unchecked", "rawtypes" })
		private static JacksonJsonRedisSerializer<?> json(Class<?> type) {
			JsonMapper mapper = JsonMapper.builder()
				// keep the order of sets (roles) as written
				.addModule(new SimpleModule("authstack-cache").addAbstractTypeMapping(Set.class, LinkedHashSet.class))
				.build();
			return new JacksonJsonRedisSerializer(mapper, type);
		}

	}

	/** A Redis cache manager whose caches fail fast through the breaker. */
	static class GuardedRedisCacheManager extends RedisCacheManager {

		private final RedisCircuitBreaker breaker;

		GuardedRedisCacheManager(RedisCacheWriter writer, Map<String, RedisCacheConfiguration> caches,
				RedisCircuitBreaker breaker) {
			super(writer, RedisCacheConfiguration.defaultCacheConfig(), false, caches);
			this.breaker = breaker;
		}

		@Override
		protected Cache decorateCache(Cache cache) {
			return new GuardedCache(super.decorateCache(cache), breaker);
		}

	}

}
