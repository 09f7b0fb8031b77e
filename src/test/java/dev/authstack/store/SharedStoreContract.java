package dev.authstack.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link SharedStore} promises, run against each implementation: the
 * in-process one (unit test) and Redis (against a real redis-server). Real time, short
 * TTLs, bounded polling.
 */
public abstract class SharedStoreContract {

	protected abstract SharedStore store();

	protected final String key = "authstack:test:" + UUID.randomUUID() + ":";

	@Test
	void setsGetsAndDeletes() {
		assertThat(store().get(key + "a")).isEmpty();
		assertThat(store().exists(key + "a")).isFalse();

		store().set(key + "a", "one", Duration.ofMinutes(1));
		store().set(key + "b", "two", Duration.ofMinutes(1));
		assertThat(store().get(key + "a")).contains("one");
		assertThat(store().exists(key + "a")).isTrue();

		store().set(key + "a", "uno", Duration.ofMinutes(1));
		assertThat(store().get(key + "a")).contains("uno");

		store().delete(key + "a");
		assertThat(store().get(key + "a")).isEmpty();
		assertThat(store().exists(key + "a")).isFalse();
		assertThat(store().get(key + "b")).contains("two");
		store().delete(key + "never-written");
	}

	@Test
	void setIfAbsentNeverOverwritesAndFillsAnExpiredKey() {
		assertThat(store().setIfAbsent(key + "nx", "first", Duration.ofMinutes(1))).isTrue();
		assertThat(store().setIfAbsent(key + "nx", "second", Duration.ofMinutes(1))).isFalse();
		assertThat(store().get(key + "nx")).contains("first");

		store().set(key + "nx", "written", Duration.ofMinutes(1));
		assertThat(store().setIfAbsent(key + "nx", "third", Duration.ofMinutes(1))).isFalse();
		assertThat(store().get(key + "nx")).contains("written");

		store().set(key + "brief", "old", Duration.ofMillis(100));
		eventually(() -> !store().exists(key + "brief"));
		assertThat(store().setIfAbsent(key + "brief", "new", Duration.ofMinutes(1))).isTrue();
		assertThat(store().get(key + "brief")).contains("new");
	}

	@Test
	void setIfNewerKeepsTheHighestVersion() {
		assertThat(store().setIfNewer(key + "v", 3, "three", Duration.ofMinutes(1))).isTrue();
		assertThat(store().get(key + "v")).contains("3|three");
		assertThat(store().setIfNewer(key + "v", 2, "two", Duration.ofMinutes(1))).isFalse();
		assertThat(store().get(key + "v")).contains("3|three");
		assertThat(store().setIfNewer(key + "v", 3, "three again", Duration.ofMinutes(1))).isTrue();
		assertThat(store().setIfNewer(key + "v", 12, "twelve", Duration.ofMinutes(1))).isTrue();
		assertThat(store().get(key + "v")).contains("12|twelve");
		// a value written without a version never blocks a versioned one
		store().set(key + "plain", "no version", Duration.ofMinutes(1));
		assertThat(store().setIfNewer(key + "plain", 0, "zero", Duration.ofMinutes(1))).isTrue();
		assertThat(store().get(key + "plain")).contains("0|zero");
	}

	@Test
	void setIfAbsentLetsExactlyOneOfManyWritersIn() throws Exception {
		int writers = 16;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Boolean>> results = new ArrayList<>();
		for (int i = 0; i < writers; i++) {
			String value = "w" + i;
			results.add(pool.submit(() -> {
				go.await();
				return store().setIfAbsent(key + "race", value, Duration.ofMinutes(1));
			}));
		}
		go.countDown();
		int won = 0;
		for (Future<Boolean> result : results) {
			won += result.get() ? 1 : 0;
		}
		pool.shutdown();
		assertThat(won).isEqualTo(1);
	}

	@Test
	void entriesExpireAfterTheirTtl() {
		store().set(key + "short", "v", Duration.ofMillis(150));
		store().set(key + "long", "v", Duration.ofMinutes(1));
		assertThat(store().exists(key + "short")).isTrue();

		eventually(() -> !store().exists(key + "short"));
		assertThat(store().get(key + "short")).isEmpty();
		assertThat(store().timeToLive(key + "short")).isEmpty();
		assertThat(store().exists(key + "long")).isTrue();
	}

	@Test
	void reportsTheTimeToLive() {
		store().set(key + "ttl", "v", Duration.ofSeconds(10));

		assertThat(store().timeToLive(key + "ttl"))
			.hasValueSatisfying(ttl -> assertThat(ttl).isGreaterThan(Duration.ofSeconds(8))
				.isLessThanOrEqualTo(Duration.ofSeconds(10)));
		assertThat(store().timeToLive(key + "missing")).isEmpty();
	}

	@Test
	void incrementsFromOneAndRestartsTheExpiryOnEachIncrement() {
		assertThat(store().increment(key + "n", Duration.ofSeconds(5))).isEqualTo(1);
		assertThat(store().increment(key + "n", Duration.ofSeconds(5))).isEqualTo(2);
		assertThat(store().increment(key + "n", Duration.ofSeconds(30))).isEqualTo(3);
		assertThat(store().timeToLive(key + "n"))
			.hasValueSatisfying(ttl -> assertThat(ttl).isGreaterThan(Duration.ofSeconds(25)));
		assertThat(store().increment(key + "other", Duration.ofSeconds(5))).isEqualTo(1);
	}

	@Test
	void aCounterStartsAgainAfterItExpired() {
		store().increment(key + "n", Duration.ofMillis(150));
		store().increment(key + "n", Duration.ofMillis(150));

		eventually(() -> !store().exists(key + "n"));
		assertThat(store().increment(key + "n", Duration.ofMillis(150))).isEqualTo(1);
	}

	@Test
	void incrementsAreAtomicUnderConcurrency() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				done.add(pool.submit(() -> {
					for (int i = 0; i < 50; i++) {
						store().increment(key + "race", Duration.ofMinutes(1));
					}
				}));
			}
			for (Future<?> f : done) {
				f.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(store().increment(key + "race", Duration.ofMinutes(1))).isEqualTo(401);
	}

	@Test
	void windowCountsOnlyEventsInsideTheWindow() {
		Instant t0 = Instant.now();
		Duration window = Duration.ofMillis(1500);

		assertThat(store().addToWindow(key + "w", t0, window)).isEqualTo(1);
		assertThat(store().addToWindow(key + "w", t0.plusMillis(1000), window)).isEqualTo(2);
		// t0 is now 2 s old: forgotten
		assertThat(store().addToWindow(key + "w", t0.plusMillis(2000), window)).isEqualTo(2);
		assertThat(store().addToWindow(key + "w", t0.plusMillis(2100), window)).isEqualTo(3);
		// far later: only itself
		assertThat(store().addToWindow(key + "w", t0.plusMillis(10_000), window)).isEqualTo(1);
	}

	@Test
	void windowCountsSimultaneousEventsSeparately() {
		Instant now = Instant.now();
		for (int i = 1; i <= 5; i++) {
			assertThat(store().addToWindow(key + "same", now, Duration.ofMinutes(1))).isEqualTo(i);
		}
	}

	@Test
	void windowForgetsAnEventExactlyOneWindowOld() {
		Instant t0 = Instant.now();
		Duration window = Duration.ofSeconds(1);
		store().addToWindow(key + "edge", t0, window);

		assertThat(store().addToWindow(key + "edge", t0.plus(window), window)).isEqualTo(1);
	}

	@Test
	void windowExpiresAfterTheWindow() {
		store().addToWindow(key + "gone", Instant.now(), Duration.ofMillis(200));
		assertThat(store().timeToLive(key + "gone"))
			.hasValueSatisfying(ttl -> assertThat(ttl).isLessThanOrEqualTo(Duration.ofMillis(200)));

		eventually(() -> !store().exists(key + "gone"));
		assertThat(store().addToWindow(key + "gone", Instant.now(), Duration.ofMinutes(1))).isEqualTo(1);
	}

	protected static void eventually(BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("condition not met within 5 s");
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
