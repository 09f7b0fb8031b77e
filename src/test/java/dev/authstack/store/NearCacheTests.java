package dev.authstack.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near cache's rules, with invalidations driven by hand (RedisNearCacheIT runs them
 * on Redis).
 */
class NearCacheTests {

	final Manual invalidations = new Manual();

	final NearCache<String> cache = new NearCache<>("test", "k:", invalidations, Duration.ofMinutes(1), 100,
			new SimpleMeterRegistry());

	final AtomicInteger loads = new AtomicInteger();

	String load(String value) {
		loads.incrementAndGet();
		return value;
	}

	@Test
	void servesNothingWhileNotLive() {
		invalidations.live = false;
		cache.get("k:1", () -> load("a"));
		cache.get("k:1", () -> load("a"));
		assertThat(loads).hasValue(2);
	}

	@Test
	void remembersWhileLiveAndForgetsOnAMessage() {
		assertThat(cache.get("k:1", () -> load("a"))).isEqualTo("a");
		assertThat(cache.get("k:1", () -> load("b"))).isEqualTo("a");
		assertThat(loads).hasValue(1);

		invalidations.send("k:1");
		assertThat(cache.get("k:1", () -> load("b"))).isEqualTo("b");
		assertThat(loads).hasValue(2);
	}

	@Test
	void messagesForOtherPrefixesAreIgnoredAndNullForgetsEverything() {
		cache.get("k:1", () -> load("a"));
		cache.get("k:2", () -> load("a"));
		invalidations.send("other:1");
		cache.get("k:1", () -> load("x"));
		assertThat(loads).hasValue(2);

		invalidations.send(null);
		cache.get("k:1", () -> load("x"));
		cache.get("k:2", () -> load("x"));
		assertThat(loads).hasValue(4);
	}

	@Test
	void aLoadThatOverlapsAnInvalidationIsReturnedButNotKept() {
		String first = cache.get("k:1", () -> {
			// another replica changes the key while this one is reading the old value
			invalidations.send("k:1");
			return load("old");
		});
		assertThat(first).isEqualTo("old");
		assertThat(cache.get("k:1", () -> load("new"))).isEqualTo("new");
		assertThat(cache.get("k:1", () -> load("newer"))).isEqualTo("new");
	}

	@Test
	void goingDeadDuringALoadKeepsNothing() {
		cache.get("k:1", () -> {
			invalidations.live = false;
			return load("a");
		});
		invalidations.live = true;
		cache.get("k:1", () -> load("b"));
		assertThat(loads).hasValue(2);
	}

	@Test
	void invalidateForgetsHereAndTellsTheOthers() {
		cache.get("k:1", () -> load("a"));
		cache.invalidate("k:1");
		assertThat(invalidations.published).containsExactly("k:1");
		cache.get("k:1", () -> load("b"));
		assertThat(loads).hasValue(2);
	}

	static final class Manual implements Invalidations {

		boolean live = true;

		final List<String> published = new ArrayList<>();

		final List<Consumer<String>> listeners = new ArrayList<>();

		void send(String key) {
			listeners.forEach(listener -> listener.accept(key));
		}

		@Override
		public void publish(String key) {
			published.add(key);
		}

		@Override
		public boolean live() {
			return live;
		}

		@Override
		public void subscribe(Consumer<String> listener) {
			listeners.add(listener);
		}

	}

}
