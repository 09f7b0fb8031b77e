package dev.authstack.store.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.authstack.store.AttemptCounter;
import dev.authstack.store.Invalidations;
import dev.authstack.store.NearCacheProperties;
import dev.authstack.store.RateLimitBuckets;
import dev.authstack.store.RedisConfigured;
import dev.authstack.store.SharedStore;
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

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The shared store on Redis when AUTH_REDIS_URL is set: the client, its connection, the
 * circuit breaker, reconnect events and health. The choice follows the URL's value, not
 * the profile. Key layout and degraded behaviour: the README, section "Redis". The beans
 * come from a {@link BeanRegistrar}, which Spring also runs at startup of an
 * AOT-processed build (where a {@code @Conditional} would have been decided once, at
 * build time), so the choice follows the URL of the run.
 */
@Configuration(proxyBeanMethods = false)
@Import(RedisStoreConfiguration.Registrar.class)
class RedisStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RedisStoreConfiguration.class);

	ClientResources redisClientResources(MeterRegistry meters) {
		return DefaultClientResources.builder()
			// back within about a second of Redis returning, instead of Lettuce's 30 s
			// ceiling
			.reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
			// lettuce.command.completion / .firstresponse timers, tagged by command
			.commandLatencyRecorder(new MicrometerCommandLatencyRecorder(meters, MicrometerOptions.create()))
			.build();
	}

	RedisEndpoint redisEndpoint(RedisProperties properties) {
		return RedisEndpoint.parse(properties.url(), properties.password(), properties.sentinelPassword());
	}

	LettuceConnectionFactory redisConnectionFactory(RedisEndpoint endpoint, RedisProperties properties,
			ClientResources resources) {
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
		return endpoint.connectionFactory(client.build());
	}

	RedisReconnectEvents redisReconnectEvents(ClientResources resources, ApplicationEventPublisher events,
			RedisEndpoint endpoint) {
		// a sentinel lookup opens and closes a connection of its own: not the data
		// connection's fate
		return new RedisReconnectEvents(resources, events, address -> !endpoint.isSentinel(address));
	}

	RedisCircuitBreaker redisCircuitBreaker(RedisProperties properties) {
		return new RedisCircuitBreaker(properties.failureBackoff());
	}

	SharedStore sharedStore(RedisConnectionFactory connections, RedisCircuitBreaker breaker, MeterRegistry meters) {
		return new RedisSharedStore(new StringRedisTemplate(connections), breaker, meters);
	}

	Invalidations invalidations(RedisConnectionFactory connections, ClientResources resources,
			NearCacheProperties properties) {
		if (!properties.enabled()) {
			return Invalidations.NONE;
		}
		return new RedisInvalidations(connections, new StringRedisTemplate(connections), resources,
				properties.heartbeat());
	}

	AttemptCounter attemptCounter(RedisConnectionFactory connections, RedisCircuitBreaker breaker) {
		return new RedisAttemptCounter(new StringRedisTemplate(connections), breaker);
	}

	RateLimitBuckets rateLimitBuckets(LettuceConnectionFactory connections, RedisCircuitBreaker breaker) {
		return new RedisRateLimitBuckets(connections, breaker);
	}

	RedisHealthCheck redisHealthCheck(RedisConnectionFactory connections, RedisCircuitBreaker breaker) {
		return new RedisHealthCheck(connections, breaker);
	}

	/**
	 * Connects before the first request needs it, and says at startup whether Redis
	 * answers. On its own thread: readiness does not depend on Redis (a replica without
	 * it still serves), and the first connection (Netty, Lettuce) held /readyz for 0.4 s
	 * (median), up to 2 s.
	 */
	static final class RedisWarmUp implements ApplicationListener<ApplicationReadyEvent> {

		private final RedisHealthCheck health;

		RedisWarmUp(RedisHealthCheck health) {
			this.health = health;
		}

		@Override
		public void onApplicationEvent(ApplicationReadyEvent event) {
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
		}

	}

	/**
	 * Lettuce's resources are no {@code AutoCloseable}: shut down with the context, after
	 * their users.
	 */
	record Resources(ClientResources resources) implements DisposableBean {

		@Override
		public void destroy() {
			resources.shutdown();
		}

	}

	/**
	 * The context's event publisher, for a supplier: it is a resolvable dependency, not a
	 * bean to look up.
	 */
	static final class Events implements ApplicationEventPublisherAware {

		private ApplicationEventPublisher publisher;

		@Override
		public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
			this.publisher = publisher;
		}

		ApplicationEventPublisher publisher() {
			return publisher;
		}

	}

	/** The beans above, registered only when AUTH_REDIS_URL is set. */
	static class Registrar implements BeanRegistrar {

		@Override
		public void register(BeanRegistry registry, Environment environment) {
			if (!RedisConfigured.in(environment)) {
				return;
			}
			RedisStoreConfiguration beans = new RedisStoreConfiguration();
			registry.registerBean("redisClientResources", Resources.class, spec -> spec
				.supplier(context -> new Resources(beans.redisClientResources(context.bean(MeterRegistry.class)))));
			registry.registerBean("redisEndpoint", RedisEndpoint.class,
					spec -> spec.supplier(context -> beans.redisEndpoint(context.bean(RedisProperties.class))));
			registry.registerBean("redisConnectionFactory", LettuceConnectionFactory.class,
					spec -> spec.supplier(context -> beans.redisConnectionFactory(context.bean(RedisEndpoint.class),
							context.bean(RedisProperties.class), context.bean(Resources.class).resources())));
			registry.registerBean("redisEvents", Events.class);
			registry.registerBean("redisReconnectEvents", RedisReconnectEvents.class,
					spec -> spec
						.supplier(context -> beans.redisReconnectEvents(context.bean(Resources.class).resources(),
								context.bean(Events.class).publisher(), context.bean(RedisEndpoint.class))));
			registry.registerBean("redisCircuitBreaker", RedisCircuitBreaker.class,
					spec -> spec.supplier(context -> beans.redisCircuitBreaker(context.bean(RedisProperties.class))));
			registry.registerBean("sharedStore", SharedStore.class,
					spec -> spec.supplier(context -> beans.sharedStore(context.bean(RedisConnectionFactory.class),
							context.bean(RedisCircuitBreaker.class), context.bean(MeterRegistry.class))));
			registry.registerBean("invalidations", Invalidations.class,
					spec -> spec.supplier(context -> beans.invalidations(context.bean(RedisConnectionFactory.class),
							context.bean(Resources.class).resources(), context.bean(NearCacheProperties.class))));
			registry.registerBean("attemptCounter", AttemptCounter.class, spec -> spec.supplier(context -> beans
				.attemptCounter(context.bean(RedisConnectionFactory.class), context.bean(RedisCircuitBreaker.class))));
			registry.registerBean("rateLimitBuckets", RateLimitBuckets.class,
					spec -> spec
						.supplier(context -> beans.rateLimitBuckets(context.bean(LettuceConnectionFactory.class),
								context.bean(RedisCircuitBreaker.class))));
			registry.registerBean("redisHealthCheck", RedisHealthCheck.class,
					spec -> spec.supplier(context -> beans.redisHealthCheck(context.bean(RedisConnectionFactory.class),
							context.bean(RedisCircuitBreaker.class))));
			registry.registerBean("redisWarmUp", RedisWarmUp.class,
					spec -> spec.supplier(context -> new RedisWarmUp(context.bean(RedisHealthCheck.class))));
		}

	}

}
