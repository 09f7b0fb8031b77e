package dev.authstack.store.redis;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the shared state lives. A blank {@code url} keeps it in this process (the
 * embedded default; refused where {@code allowInProcess} is false, as under the prod
 * profile). The timeouts are short on purpose: Redis is an accelerator, and a dead one
 * must cost milliseconds per request, not seconds. After a failure, Redis is left alone
 * for {@code failureBackoff} (one probe then), so a hung server does not cost every
 * request a timeout.
 */
@Validated
@ConfigurationProperties("auth.redis")
record RedisProperties(String url, String password, String sentinelPassword,
		@DefaultValue("true") boolean allowInProcess, @DefaultValue("1s") @NotNull Duration connectTimeout,
		@DefaultValue("250ms") @NotNull Duration commandTimeout, @DefaultValue("1s") @NotNull Duration failureBackoff,
		@DefaultValue("5m") @NotNull Duration cacheTtl) {

	RedisProperties {
		positive("connect-timeout", connectTimeout);
		positive("command-timeout", commandTimeout);
		positive("failure-backoff", failureBackoff);
		positive("cache-ttl", cacheTtl);
	}

	boolean configured() {
		return url != null && !url.isBlank();
	}

	private static void positive(String name, Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new IllegalArgumentException("auth.redis." + name + " must be positive, was " + value);
		}
	}

}
