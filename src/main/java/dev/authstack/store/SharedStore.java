package dev.authstack.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * State that every replica must see: lockout counters and session revocations. Backed by Redis
 * when AUTH_REDIS_URL is set, in-process otherwise. Every method may throw
 * {@link SharedStoreUnavailableException} when the backing server cannot be reached; callers
 * decide how to degrade (see the README, "Redis").
 */
public interface SharedStore {

	/** Stores {@code value} under {@code key} for {@code ttl}. */
	void set(String key, String value, Duration ttl);

	Optional<String> get(String key);

	boolean exists(String key);

	void delete(String key);

	/** Adds one and returns the new value; the key expires {@code ttl} after its last increment. */
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

}
