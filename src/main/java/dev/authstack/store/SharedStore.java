package dev.authstack.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * State that every replica must see: lockout counters and session states. Backed by Redis
 * when AUTH_REDIS_URL is set, in-process otherwise. Every method may throw
 * {@link SharedStoreUnavailableException} when the backing server cannot be reached;
 * callers decide how to degrade (see the README, "Redis").
 */
public interface SharedStore {

	/** Stores {@code value} under {@code key} for {@code ttl}. */
	void set(String key, String value, Duration ttl);

	/**
	 * Stores {@code value} for {@code ttl} unless {@code key} exists; whether it was
	 * stored. A reader filling a cache uses this, so it never overwrites what a writer
	 * put there meanwhile.
	 */
	boolean setIfAbsent(String key, String value, Duration ttl);

	/**
	 * Stores {@code version + "|" + value} for {@code ttl} unless {@code key} holds a
	 * higher version (its value starts with a larger number before the first {@code |});
	 * whether it was stored. Writers that may race use this, so an older state never
	 * replaces a newer one. Storing also tells every replica that {@code key} changed
	 * ({@link Invalidations}).
	 */
	boolean setIfNewer(String key, long version, String value, Duration ttl);

	Optional<String> get(String key);

	boolean exists(String key);

	void delete(String key);

	/**
	 * Adds one and returns the new value; the key expires {@code ttl} after its last
	 * increment.
	 */
	long increment(String key, Duration ttl);

	/**
	 * Sliding-window log: records an event at {@code now}, forgets events older than
	 * {@code window}, and returns how many remain. The key expires after {@code window}.
	 */
	long addToWindow(String key, Instant now, Duration window);

	/** How long {@code key} still lives, empty when it does not exist. */
	Optional<Duration> timeToLive(String key);

	/** A short name for logs and health: "redis" or "in-process". */
	String kind();

	/**
	 * The version a {@link #setIfNewer} value starts with: the number before the first
	 * {@code |}, or -1 when the value carries none.
	 */
	static long versionOf(String value) {
		if (value == null) {
			return -1;
		}
		int bar = value.indexOf('|');
		try {
			return bar > 0 ? Long.parseLong(value.substring(0, bar)) : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
