package dev.authstack.account;

import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;

import dev.authstack.store.InMemorySharedStore;
import dev.authstack.store.SharedStore;
import dev.authstack.store.SharedStoreUnavailableException;
import dev.authstack.system.OpaqueTokens;

import org.springframework.stereotype.Component;

/**
 * Limits requests that send mail (forgot, resend, email change): per address (normalised
 * and hashed, counted whether or not an account uses it, so the limit reveals nothing)
 * and per client IP, in sliding windows shared by every replica. While Redis is
 * unreachable the windows live in this process instead.
 */
@Component
class MailRequestThrottle {

	private static final String PREFIX = "authstack:mail:";

	private final SharedStore shared;

	private final SharedStore local = new InMemorySharedStore();

	private final EmailProperties.Throttle properties;

	MailRequestThrottle(SharedStore shared, EmailProperties properties) {
		this.shared = shared;
		this.properties = properties.throttle();
	}

	/**
	 * Counts the request; throws {@link TooManyMailRequestsException} over either limit.
	 */
	void check(String action, String address, String ip) {
		Instant now = Instant.now();
		if (ip != null && count(PREFIX + action + ":ip:" + ip, now) > properties.perIp()) {
			throw new TooManyMailRequestsException(properties.window());
		}
		if (count(PREFIX + action + ":addr:" + key(address), now) > properties.perAddress()) {
			throw new TooManyMailRequestsException(properties.window());
		}
	}

	private long count(String key, Instant now) {
		return call(store -> store.addToWindow(key, now, properties.window()));
	}

	private <T> T call(Function<SharedStore, T> action) {
		try {
			return action.apply(shared);
		}
		catch (SharedStoreUnavailableException ex) {
			return action.apply(local);
		}
	}

	static String key(String address) {
		return OpaqueTokens.sha256Hex(address == null ? "" : address.strip().toLowerCase(Locale.ROOT));
	}

}
