package dev.authstack.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import dev.authstack.store.InMemorySharedStore;
import dev.authstack.store.SharedStore;
import dev.authstack.store.SharedStoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Counts failed logins per submitted identifier (normalised and hashed, so unknown names are
 * counted like real ones and no identifier is stored in clear) in a sliding window shared by all
 * replicas. While Redis is unreachable the counters live in this process instead, so lockout
 * weakens to per-replica rather than switching off.
 */
@Component
class LoginThrottle {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

	private static final String PREFIX = "authstack:lockout:";

	private final SharedStore shared;

	private final SharedStore local = new InMemorySharedStore();

	private final LockoutProperties properties;

	LoginThrottle(SharedStore shared, LockoutProperties properties) {
		this.shared = shared;
		this.properties = properties;
	}

	/** Throws {@link AccountLockedException} while the identifier is locked. */
	void check(String identifier) {
		if (!properties.enabled()) {
			return;
		}
		String key = key(identifier);
		Optional<Duration> remaining = call(store -> store.timeToLive(PREFIX + "lock:" + key));
		if (remaining.isPresent() && !remaining.get().isNegative() && !remaining.get().isZero()) {
			throw new AccountLockedException(remaining.get());
		}
	}

	/** Records a failure; the lock's length when this failure locked the identifier. */
	Optional<Duration> failed(String identifier) {
		if (!properties.enabled()) {
			return Optional.empty();
		}
		String key = key(identifier);
		return call(store -> {
			long failures = store.addToWindow(PREFIX + "fail:" + key, Instant.now(), properties.window());
			if (failures < properties.maxFailures()) {
				return Optional.empty();
			}
			long level = store.increment(PREFIX + "level:" + key, properties.window().plus(properties.maxLock()));
			Duration lock = lockFor(level);
			store.set(PREFIX + "lock:" + key, "1", lock);
			log.warn("Login locked for {} s after {} failures (identifier key {}, lock #{})", lock.toSeconds(),
					failures, key.substring(0, 12), level);
			return Optional.of(lock);
		});
	}

	void succeeded(String identifier) {
		if (!properties.enabled()) {
			return;
		}
		String key = key(identifier);
		call(store -> {
			store.delete(PREFIX + "fail:" + key);
			store.delete(PREFIX + "level:" + key);
			return null;
		});
	}

	Duration lockFor(long level) {
		long factor = 1L << Math.min(level - 1, 20);
		Duration lock = properties.initialLock().multipliedBy(factor);
		return lock.compareTo(properties.maxLock()) > 0 ? properties.maxLock() : lock;
	}

	private <T> T call(java.util.function.Function<SharedStore, T> action) {
		try {
			return action.apply(shared);
		}
		catch (SharedStoreUnavailableException ex) {
			return action.apply(local);
		}
	}

	static String key(String identifier) {
		String normalized = identifier == null ? "" : identifier.strip().toLowerCase(Locale.ROOT);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
