package dev.authstack.store.redis;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.authstack.store.CacheSpec;
import dev.authstack.store.RedisConfigured;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.cache.BatchStrategies;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/**
 * The object cache on Redis: one cache per declared {@link CacheSpec}, plain JSON values,
 * writes that wait for Redis, and reads and writes guarded by the circuit breaker.
 * Registered at startup when AUTH_REDIS_URL is set, as {@link RedisStoreConfiguration}
 * is.
 */
@Configuration(proxyBeanMethods = false)
@Import(RedisCacheManagerConfiguration.Registrar.class)
class RedisCacheManagerConfiguration {

	CacheManager cacheManager(RedisConnectionFactory connections, RedisProperties properties,
			RedisCircuitBreaker breaker, List<CacheSpec> caches) {
		Map<String, RedisCacheConfiguration> configurations = new LinkedHashMap<>();
		for (CacheSpec cache : caches) {
			configurations.put(cache.name(),
					RedisCacheConfiguration.defaultCacheConfig()
						.computePrefixWith(name -> cache.keyPrefix())
						.entryTtl(properties.cacheTtl())
						.disableCachingNullValues()
						.serializeValuesWith(SerializationPair.fromSerializer(json(cache.valueType()))));
		}
		RedisCacheWriter writer = RedisCacheWriter.create(connections, cacheWriter -> cacheWriter
			// SCAN, never KEYS, should anything clear a cache
			.batchStrategy(BatchStrategies.scan(1000))
			// Spring Data's default with Lettuce is fire-and-forget PUT/DEL on a second
			// connection: an eviction then "succeeds" before Redis has done it (never
			// recorded as missed when Redis hangs), and the next GET, on the other
			// connection, can overtake it and serve the old entry. Waiting for the reply
			// keeps every cache command on the one shared connection, which Redis
			// executes in order, and lets a failed write reach GuardedCache.
			.immediateWrites());
		// only declared caches: each needs its value type to be read back
		return new GuardedRedisCacheManager(writer, configurations, breaker);
	}

	/**
	 * Plain JSON of one type; its own mapper, so the API's naming policy is no part of
	 * the format.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static JacksonJsonRedisSerializer<?> json(Class<?> type) {
		JsonMapper mapper = JsonMapper.builder()
			// keep the order of sets (roles) as written
			.addModule(new SimpleModule("authstack-cache").addAbstractTypeMapping(Set.class, LinkedHashSet.class))
			.build();
		return new JacksonJsonRedisSerializer(mapper, type);
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

	static class Registrar implements BeanRegistrar {

		@Override
		public void register(BeanRegistry registry, Environment environment) {
			if (!RedisConfigured.in(environment)) {
				return;
			}
			registry.registerBean("cacheManager", CacheManager.class,
					spec -> spec.supplier(context -> new RedisCacheManagerConfiguration().cacheManager(
							context.bean(RedisConnectionFactory.class), context.bean(RedisProperties.class),
							context.bean(RedisCircuitBreaker.class),
							context.beanProvider(CacheSpec.class).orderedStream().toList())));
		}

	}

}
