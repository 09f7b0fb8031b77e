package dev.authstack.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Attempts at a secret, per key, limited with reservations: an attempt is reserved before
 * the expensive check and counts against the limit while it is in flight, so however many
 * arrive at once, no more than the limit are ever let through to the check. Each call is
 * one atomic step (a Lua script on Redis, one {@code compute} in-process).
 * <p>
 * {@code limit} attempts within {@code window} are allowed; the failure that reaches it
 * locks the key for {@code initialLock}, doubling with each further lock up to
 * {@code maxLock}; a lock clears the failures but is remembered (its level) for
 * {@code window + maxLock}, and while it is, one attempt at a time is allowed and its
 * failure locks again. A success forgets everything. A reservation not completed within
 * {@link Limits#hold()} (its replica died) lapses.
 */
public interface AttemptCounter {

	/**
	 * An attempt may go ahead (complete it with the token), or must wait
	 * {@code retryAfter}.
	 */
	Admission reserve(String key, Limits limits);

	/**
	 * The reserved attempt failed; the lock's length when this failure locked the key.
	 */
	Optional<Duration> failed(String key, String token, Limits limits);

	/** The reserved attempt succeeded: failures, level and lock are forgotten. */
	void succeeded(String key, String token);

	/** The reserved attempt never happened (e.g. shed): it does not count. */
	void released(String key, String token);

	record Limits(int limit, Duration window, Duration initialLock, Duration maxLock, Duration hold) {

		/** The lock after {@code level} locks (1 = the first). */
		public Duration lockFor(long level) {
			long factor = 1L << Math.min(Math.max(level, 1) - 1, 20);
			Duration lock = initialLock.multipliedBy(factor);
			return lock.compareTo(maxLock) > 0 ? maxLock : lock;
		}

		/** How long a lock level is remembered after the lock it counted. */
		public Duration levelMemory() {
			return window.plus(maxLock);
		}

	}

	/**
	 * {@code token} when admitted; otherwise how long until the key may be tried again.
	 */
	record Admission(String token, Duration retryAfter) {

		public static Admission admitted(String token) {
			return new Admission(token, Duration.ZERO);
		}

		public static Admission refused(Duration retryAfter) {
			return new Admission(null, retryAfter);
		}

		public boolean isAdmitted() {
			return token != null;
		}

	}

}
