package dev.authstack.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardedCacheTests {

	final AtomicLong clock = new AtomicLong();

	final RedisCircuitBreaker breaker = new RedisCircuitBreaker(Duration.ofSeconds(1), clock::get);

	final Flaky redis = new Flaky(new ConcurrentMapCache("accounts"));

	final GuardedCache cache = new GuardedCache(redis, breaker);

	@Test
	void failsFastWhileTheBreakerIsOpen() {
		redis.down = true;
		assertThatThrownBy(() -> cache.get("k")).isInstanceOf(QueryTimeoutException.class);
		int calls = redis.calls.get();

		assertThatThrownBy(() -> cache.get("k")).isInstanceOf(SharedStoreUnavailableException.class);
		assertThatThrownBy(() -> cache.put("k", "v")).isInstanceOf(SharedStoreUnavailableException.class);
		assertThat(redis.calls).hasValue(calls);
	}

	@Test
	void aMissedEvictionIsDoneFirstWhenRedisAnswersAgain() {
		cache.put("alice", "old profile");
		redis.down = true;

		assertThatThrownBy(() -> cache.evict("alice")).isInstanceOf(QueryTimeoutException.class);
		assertThatThrownBy(() -> cache.evict("alice")).isInstanceOf(SharedStoreUnavailableException.class);
		assertThat(cache.pendingEvictions()).isEqualTo(1);

		redis.down = false;
		clock.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(cache.get("alice")).as("the stale entry Redis kept").isNull();
		assertThat(cache.pendingEvictions()).isZero();
	}

	@Test
	void tooManyMissedEvictionsClearTheCacheOnRecovery() {
		cache.put("bob", "old");
		redis.down = true;
		for (int i = 0; i <= GuardedCache.MAX_PENDING_EVICTIONS; i++) {
			int n = i;
			assertThatThrownBy(() -> cache.evict("user" + n)).isInstanceOf(RuntimeException.class);
		}

		redis.down = false;
		clock.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(cache.get("bob")).isNull();
	}

	/** A cache whose server can be switched off. */
	static final class Flaky implements Cache {

		final Cache delegate;

		final AtomicInteger calls = new AtomicInteger();

		volatile boolean down;

		Flaky(Cache delegate) {
			this.delegate = delegate;
		}

		private void call() {
			calls.incrementAndGet();
			if (down) {
				throw new QueryTimeoutException("Command timed out");
			}
		}

		@Override
		public String getName() {
			return delegate.getName();
		}

		@Override
		public Object getNativeCache() {
			return delegate.getNativeCache();
		}

		@Override
		public ValueWrapper get(Object key) {
			call();
			return delegate.get(key);
		}

		@Override
		public <T> T get(Object key, Class<T> type) {
			call();
			return delegate.get(key, type);
		}

		@Override
		public <T> T get(Object key, java.util.concurrent.Callable<T> valueLoader) {
			call();
			return delegate.get(key, valueLoader);
		}

		@Override
		public void put(Object key, Object value) {
			call();
			delegate.put(key, value);
		}

		@Override
		public void evict(Object key) {
			call();
			delegate.evict(key);
		}

		@Override
		public void clear() {
			call();
			delegate.clear();
		}

	}

}
