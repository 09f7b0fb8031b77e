package dev.authstack.store;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Near caches (with Redis only): whether replicas remember shared state locally, how
 * often each checks that it hears invalidations (a subscription unheard for four
 * heartbeats is distrusted), and the longest an entry is kept whatever the messages say.
 * Off by default: with them, a change made on one replica holds on the others once they
 * hear of it (about a millisecond on loopback; see the README) instead of on their very
 * next request.
 */
@Validated
@ConfigurationProperties("auth.near-cache")
public record NearCacheProperties(@DefaultValue("false") boolean enabled,
		@DefaultValue("500ms") @NotNull Duration heartbeat, @DefaultValue("30s") @NotNull Duration ttl) {

	public NearCacheProperties {
		if (heartbeat != null && (heartbeat.isNegative() || heartbeat.isZero())) {
			throw new IllegalArgumentException("auth.near-cache.heartbeat must be positive");
		}
	}

}
