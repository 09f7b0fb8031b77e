package dev.authstack.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What this replica remembers of shared keys, to answer without a round trip to Redis. An
 * entry is dropped when any replica says its key changed ({@link Invalidations}); on the
 * replica that made the change, before the change's response leaves. Nothing is served
 * while the replica may be missing messages (not subscribed, or its own heartbeat is
 * late), and everything is dropped when that happens. A load that overlapped any
 * invalidation is returned but not kept, so a value read just before a change cannot
 * outlive the change's message. Entries also expire after {@code ttl}, a bound for
 * anything the messages do not cover.
 */
public final class NearCache<V> {

	private final String prefix;

	private final Invalidations invalidations;

	private final Cache<String, V> entries;

	/** Raised by every invalidation this replica hears or makes. */
	private final AtomicLong generation = new AtomicLong();

	private final Counter hits;

	private final Counter misses;

	NearCache(String name, String prefix, Invalidations invalidations, Duration ttl, int maximumSize,
			MeterRegistry meters) {
		this.prefix = prefix;
		this.invalidations = invalidations;
		this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).build();
		this.hits = Counter.builder("authstack.near.cache.requests")
			.tag("cache", name)
			.tag("result", "hit")
			.register(meters);
		this.misses = Counter.builder("authstack.near.cache.requests")
			.tag("cache", name)
			.tag("result", "miss")
			.register(meters);
		invalidations.subscribe(this::onMessage);
	}

	/**
	 * The remembered value of {@code key}, or what {@code loader} reads (kept if nothing
	 * changed meanwhile).
	 */
	public V get(String key, Supplier<V> loader) {
		if (!invalidations.live()) {
			return loader.get();
		}
		V remembered = entries.getIfPresent(key);
		if (remembered != null) {
			hits.increment();
			return remembered;
		}
		misses.increment();
		long before = generation.get();
		V loaded = loader.get();
		if (loaded != null && generation.get() == before && invalidations.live()) {
			entries.put(key, loaded);
			if (generation.get() != before) {
				// an invalidation landed between the check and the put
				entries.invalidate(key);
			}
		}
		return loaded;
	}

	/**
	 * Drops {@code key} here at once; the other replicas hear of it from the store's
	 * write.
	 */
	public void forget(String key) {
		generation.incrementAndGet();
		entries.invalidate(key);
	}

	/** Drops everything remembered here. */
	public void forgetAll() {
		generation.incrementAndGet();
		entries.invalidateAll();
	}

	/** Drops {@code key} here and tells every other replica to drop it too. */
	public void invalidate(String key) {
		forget(key);
		invalidations.publish(key);
	}

	private void onMessage(String key) {
		if (key == null) {
			generation.incrementAndGet();
			entries.invalidateAll();
		}
		else if (key.startsWith(prefix)) {
			forget(key);
		}
	}

}
