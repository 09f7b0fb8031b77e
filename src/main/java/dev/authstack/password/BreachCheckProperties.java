package dev.authstack.password;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The optional breached-password check (AUTH_PASSWORD_BREACHCHECK_URL): a range service
 * in Pwned Passwords' format, e.g. {@code https://api.pwnedpasswords.com/range/}. The
 * first five hex digits of the password's SHA-1 are appended (or replace
 * {@code {prefix}}); the answer lists {@code SUFFIX:COUNT} lines. Empty = off. An
 * unreachable service does not block signups: the check is skipped and logged.
 */
@Validated
@ConfigurationProperties("auth.password.breach-check")
record BreachCheckProperties(@DefaultValue("") String url, @DefaultValue("2s") @NotNull Duration timeout) {

	boolean enabled() {
		return url != null && !url.isBlank();
	}

}
