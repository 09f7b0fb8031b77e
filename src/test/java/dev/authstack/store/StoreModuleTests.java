package dev.authstack.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.authstack.support.ModuleBeans;
import dev.authstack.support.ModuleTestSettings;
import dev.authstack.support.NoDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code store} module alone: it needs no bean of another module (only Spring Boot's
 * meter registry), and without AUTH_REDIS_URL it is the in-process store and cache, with
 * nothing of {@code store.redis} wired.
 */
@ApplicationModuleTest(mode = BootstrapMode.STANDALONE)
@ModuleTestSettings
@ContextConfiguration(initializers = NoDatabase.class)
class StoreModuleTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	SharedStore store;

	@Autowired
	AttemptCounter attempts;

	@Autowired
	RateLimitBuckets buckets;

	@Autowired
	CacheManager caches;

	@Autowired
	NearCaches nearCaches;

	@Test
	void startsOnItsOwn() {
		assertThat(ModuleBeans.in(context)).containsExactly("store");
	}

	@Test
	void isInProcessWithoutRedisUrl() {
		assertThat(store).isInstanceOf(InMemorySharedStore.class);
		assertThat(attempts).isInstanceOf(InMemoryAttemptCounter.class);
		assertThat(buckets).isInstanceOf(InMemoryRateLimitBuckets.class);
		assertThat(caches).isInstanceOf(CaffeineCacheManager.class);
		assertThat(context.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
	}

	@Test
	void sharesCountersAndMarks() {
		assertThat(store.increment("store-module:count", Duration.ofMinutes(1))).isEqualTo(1);
		assertThat(store.increment("store-module:count", Duration.ofMinutes(1))).isEqualTo(2);
		assertThat(store.setIfAbsent("store-module:mark", "first", Duration.ofMinutes(1))).isTrue();
		assertThat(store.setIfAbsent("store-module:mark", "second", Duration.ofMinutes(1))).isFalse();
		assertThat(store.get("store-module:mark")).contains("first");
	}

	/**
	 * One process: the store is already local, so a near cache keeps nothing and every
	 * read loads.
	 */
	@Test
	void nearCachesStayOffInProcess() {
		NearCache<String> cache = nearCaches.create("store-module", "store-module:", 10);
		AtomicInteger loads = new AtomicInteger();
		cache.get("k", () -> "v" + loads.incrementAndGet());
		assertThat(cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v2");
	}

}
