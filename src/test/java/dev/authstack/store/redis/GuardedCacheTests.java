package dev.authstack.store.redis;

import dev.authstack.store.SharedStoreUnavailableException;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
	void aReadWhileAMissedEvictionIsReplayedSkipsTheCache() throws Exception {
		cache.put("alice", "old profile");
		redis.down = true;
		assertThatThrownBy(() -> cache.evict("alice")).isInstanceOf(QueryTimeoutException.class);
		redis.down = false;
		// the health check's PING answered: the breaker is closed, the eviction still due
		breaker.succeeded();

		// one request replays the eviction; Redis has not done it yet
		redis.holdEvictions();
		Thread replaying = new Thread(() -> cache.get("bob"));
		replaying.start();
		assertThat(redis.evicting.await(5, TimeUnit.SECONDS)).as("the replay reached Redis").isTrue();

		assertThatThrownBy(() -> cache.get("alice")).as("a read meanwhile")
			.isInstanceOf(SharedStoreUnavailableException.class);
		assertThat(breaker.isOpen()).as("skipping during a replay is no Redis failure").isFalse();

		redis.release.countDown();
		replaying.join(5_000);
		assertThat(cache.get("alice")).isNull();
		assertThat(cache.pendingEvictions()).isZero();
	}

	@Test
	void aMissRecordedDuringTheReplayOfTheSameKeyStaysRecorded() throws Exception {
		redis.down = true;
		assertThatThrownBy(() -> cache.evict("alice")).isInstanceOf(QueryTimeoutException.class);
		redis.down = false;
		breaker.succeeded();

		redis.holdEvictions();
		Thread replaying = new Thread(() -> cache.get("bob"));
		replaying.start();
		assertThat(redis.evicting.await(5, TimeUnit.SECONDS)).isTrue();
		// a second change to alice while the first eviction is in flight, its own
		// eviction skipped
		assertThatThrownBy(() -> cache.evict("alice")).isInstanceOf(SharedStoreUnavailableException.class);
		redis.release.countDown();
		replaying.join(5_000);

		assertThat(cache.pendingEvictions()).as("the newer miss").isEqualTo(1);
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

		/** Counted down when an eviction reaches the server. */
		volatile CountDownLatch evicting = new CountDownLatch(0);

		/** Evictions wait for this: a DEL sent but not yet answered. */
		volatile CountDownLatch release = new CountDownLatch(0);

		Flaky(Cache delegate) {
			this.delegate = delegate;
		}

		void holdEvictions() {
			evicting = new CountDownLatch(1);
			release = new CountDownLatch(1);
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
			evicting.countDown();
			try {
				if (!release.await(5, TimeUnit.SECONDS)) {
					throw new IllegalStateException("eviction held for 5 s");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			delegate.evict(key);
		}

		@Override
		public void clear() {
			call();
			delegate.clear();
		}

	}

}
