package dev.authstack.password;

import java.time.Duration;
import java.util.Optional;

import dev.authstack.store.AttemptCounter;
import dev.authstack.store.InMemoryAttemptCounter;
import dev.authstack.store.SharedStoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The lockout: reserves an attempt per bucket before any hash (see
 * {@link AttemptCounter}), on the shared counter (Redis when configured). While Redis is
 * unreachable the attempts are counted in this process instead, so lockout weakens to
 * per-replica rather than switching off.
 */
@Component
class PasswordThrottle {

	private static final Logger log = LoggerFactory.getLogger(PasswordThrottle.class);

	private final AttemptCounter shared;

	private final AttemptCounter local = new InMemoryAttemptCounter();

	private final LockoutProperties properties;

	PasswordThrottle(AttemptCounter shared, LockoutProperties properties) {
		this.shared = shared;
		this.properties = properties;
	}

	/** A reserved attempt, or a refusal with the time to wait. */
	Reservation reserve(String bucket) {
		if (!properties.enabled()) {
			return new Reservation(bucket, null, null, Duration.ZERO);
		}
		try {
			return reservation(bucket, shared, shared.reserve(bucket, properties.limits()));
		}
		catch (SharedStoreUnavailableException ex) {
			return reservation(bucket, local, local.reserve(bucket, properties.limits()));
		}
	}

	private Reservation reservation(String bucket, AttemptCounter counter, AttemptCounter.Admission admission) {
		return new Reservation(bucket, counter, admission.token(),
				admission.isAdmitted() ? Duration.ZERO : admission.retryAfter());
	}

	/**
	 * One attempt: {@link #refused()} ones carry {@link #retryAfter()}; admitted ones
	 * must end in exactly one of failed, succeeded or released.
	 */
	final class Reservation {

		private final String bucket;

		private final AttemptCounter counter;

		private final String token;

		private final Duration retryAfter;

		private boolean done;

		private Reservation(String bucket, AttemptCounter counter, String token, Duration retryAfter) {
			this.bucket = bucket;
			this.counter = counter;
			this.token = token;
			this.retryAfter = retryAfter;
		}

		boolean refused() {
			return counter != null && token == null;
		}

		Duration retryAfter() {
			return retryAfter;
		}

		/** The lock's length when this failure locked the bucket. */
		Optional<Duration> failed() {
			return finish(() -> {
				Optional<Duration> lock = counter.failed(bucket, token, properties.limits());
				// "Login locked" is what operators grep for; the lock holds for every
				// password check
				lock.ifPresent(
						length -> log.warn("Login locked for {} s (bucket {}…; password change and deletion too)",
								length.toSeconds(), bucket.substring(0, Math.min(bucket.length(), 14))));
				return lock;
			}).orElse(Optional.empty());
		}

		void succeeded() {
			finish(() -> {
				counter.succeeded(bucket, token);
				return null;
			});
		}

		void released() {
			finish(() -> {
				counter.released(bucket, token);
				return null;
			});
		}

		private <T> Optional<T> finish(java.util.function.Supplier<T> action) {
			if (done || counter == null || token == null) {
				return Optional.empty();
			}
			done = true;
			try {
				return Optional.ofNullable(action.get());
			}
			catch (SharedStoreUnavailableException ex) {
				// Redis went away since the reservation: the attempt lapses there by
				// itself (LockoutProperties.HOLD)
				log.debug("Completing a password attempt failed: {}", ex.getMessage());
				return Optional.empty();
			}
		}

	}

}
