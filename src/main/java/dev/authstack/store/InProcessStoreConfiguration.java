package dev.authstack.store;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.authstack.system.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The shared store and the object cache in this process, when AUTH_REDIS_URL is unset
 * (the embedded default, one instance only). The Redis wiring is in {@code store.redis}.
 * The beans come from a {@link BeanRegistrar}, which Spring also runs at startup of an
 * AOT-processed build, so the choice follows the URL of the run, not the one of the
 * build.
 */
@Configuration(proxyBeanMethods = false)
@Import(InProcessStoreConfiguration.Registrar.class)
class InProcessStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(InProcessStoreConfiguration.class);

	static class Registrar implements BeanRegistrar {

		@Override
		public void register(BeanRegistry registry, Environment environment) {
			if (RedisConfigured.in(environment)) {
				return;
			}
			refuseWhereNotAllowed(environment);
			registry.registerBean("sharedStore", SharedStore.class, spec -> spec.supplier(context -> sharedStore()));
			// one process: the shared store is already local, so near caches stay off
			registry.registerBean("invalidations", Invalidations.class,
					spec -> spec.supplier(context -> Invalidations.NONE));
			registry.registerBean("attemptCounter", AttemptCounter.class,
					spec -> spec.supplier(context -> new InMemoryAttemptCounter()));
			registry.registerBean("rateLimitBuckets", RateLimitBuckets.class,
					spec -> spec.supplier(context -> new InMemoryRateLimitBuckets()));
			registry.registerBean("cacheManager", CacheManager.class, spec -> spec.supplier(context -> cacheManager()));
		}

		/**
		 * Refuses before any bean exists (the database included) where in-process state
		 * is not allowed.
		 */
		private static void refuseWhereNotAllowed(Environment environment) {
			if (!Binder.get(environment).bind("auth.redis.allow-in-process", Boolean.class).orElse(true)) {
				throw new InvalidConfigurationException("AUTH_REDIS_URL is not set, and this profile ("
						+ String.join(",", environment.getActiveProfiles()) + ") does not allow in-process shared "
						+ "state: lockouts and revocations must be shared by every replica.",
						"Point AUTH_REDIS_URL (or AUTH_REDIS_URL_FILE) at a Redis server, e.g. redis://redis:6379, "
								+ "or run without SPRING_PROFILES_ACTIVE=prod for a single local instance.");
			}
		}

		private static SharedStore sharedStore() {
			log.info("Shared state in-process (AUTH_REDIS_URL is not set): fine for one instance only");
			return new InMemorySharedStore();
		}

		private static CacheManager cacheManager() {
			CaffeineCacheManager manager = new CaffeineCacheManager();
			manager.setCaffeine(
					Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).recordStats());
			return manager;
		}

	}

}
