package dev.authstack.store.redis;

import dev.authstack.store.SharedStoreUnavailableException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * Keeps requests off a Redis that just failed. A killed server is cheap already (Lettuce
 * rejects commands while disconnected), but a hung or unroutable one costs a full timeout
 * per command; after a failure every call fails at once for {@code backoff}, then one
 * call probes and either closes the breaker or opens it for another round. Logs the
 * transitions only, not every failure.
 */
class RedisCircuitBreaker {

	private static final Logger log = LoggerFactory.getLogger(RedisCircuitBreaker.class);

	private final long backoffNanos;

	private final LongSupplier nanoClock;

	private final AtomicLong retryAt = new AtomicLong();

	private volatile boolean open;

	RedisCircuitBreaker(Duration backoff) {
		this(backoff, System::nanoTime);
	}

	RedisCircuitBreaker(Duration backoff, LongSupplier nanoClock) {
		this.backoffNanos = backoff.toNanos();
		this.nanoClock = nanoClock;
	}

	/** Runs {@code command} against Redis, or fails at once while the breaker is open. */
	<T> T call(Supplier<T> command) {
		if (!allows()) {
			throw new SharedStoreUnavailableException("Redis skipped after a recent failure", null);
		}
		T result;
		try {
			result = command.get();
		}
		catch (SerializationException ex) {
			// a bad value, not a bad server
			succeeded();
			throw ex;
		}
		catch (RuntimeException ex) {
			failed(ex);
			throw ex;
		}
		succeeded();
		return result;
	}

	boolean allows() {
		if (!open) {
			return true;
		}
		long now = nanoClock.getAsLong();
		long at = retryAt.get();
		// one caller wins the probe; the others keep failing fast until it reports
		return now - at >= 0 && retryAt.compareAndSet(at, now + backoffNanos);
	}

	boolean isOpen() {
		return open;
	}

	void succeeded() {
		if (open) {
			open = false;
			log.info("Redis is reachable again; the shared cache and counters are back in use");
		}
	}

	void failed(Throwable cause) {
		retryAt.set(nanoClock.getAsLong() + backoffNanos);
		if (!open) {
			open = true;
			log.warn("Redis is unreachable ({}: {}); serving from PostgreSQL and local fallbacks, retrying every {} ms",
					cause.getClass().getSimpleName(), NestedExceptionUtils.getMostSpecificCause(cause).getMessage(),
					backoffNanos / 1_000_000);
		}
	}

}
