package dev.authstack.store;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.authstack.system.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The shared store and the object cache in this process, when AUTH_REDIS_URL is unset (the
 * embedded default, one instance only). The Redis wiring is in {@code store.redis}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(RedisConfigured.Not.class)
class InProcessStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(InProcessStoreConfiguration.class);

	/** Refuses before any bean exists (the database included) where in-process state is not allowed. */
	@Bean
	static BeanFactoryPostProcessor inProcessSharedStateAllowed(Environment environment) {
		return beanFactory -> {
			if (!Binder.get(environment).bind("auth.redis.allow-in-process", Boolean.class).orElse(true)) {
				throw new InvalidConfigurationException("AUTH_REDIS_URL is not set, and this profile ("
						+ String.join(",", environment.getActiveProfiles()) + ") does not allow in-process shared "
						+ "state: lockouts and revocations must be shared by every replica.",
						"Point AUTH_REDIS_URL (or AUTH_REDIS_URL_FILE) at a Redis server, e.g. redis://redis:6379, "
								+ "or run without SPRING_PROFILES_ACTIVE=prod for a single local instance.");
			}
		};
	}

	@Bean
	SharedStore sharedStore() {
		log.info("Shared state in-process (AUTH_REDIS_URL is not set): fine for one instance only");
		return new InMemorySharedStore();
	}

	/** One process: the shared store is already local, so near caches stay off. */
	@Bean
	Invalidations invalidations() {
		return Invalidations.NONE;
	}

	@Bean
	AttemptCounter attemptCounter() {
		return new InMemoryAttemptCounter();
	}

	@Bean
	RateLimitBuckets rateLimitBuckets() {
		return new InMemoryRateLimitBuckets();
	}

	@Bean
	CacheManager cacheManager() {
		CaffeineCacheManager manager = new CaffeineCacheManager();
		manager.setCaffeine(
				Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).recordStats());
		return manager;
	}

}
