package dev.authstack.password;

import java.time.Duration;

import dev.authstack.store.AttemptCounter;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-account lockout, for every password check (login, password change, deletion):
 * {@code maxFailures} failures within {@code window} lock the account (an unknown
 * identifier, its own bucket) for {@code initialLock}, doubling with each further lock up
 * to {@code maxLock}; after a lock, one attempt at a time until {@code window + maxLock}
 * pass without one. Attempts in flight count, so no more than {@code maxFailures}
 * verifications run however many arrive at once.
 */
@Validated
@ConfigurationProperties("auth.lockout")
record LockoutProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5") @Min(1) int maxFailures,
		@DefaultValue("15m") @NotNull Duration window, @DefaultValue("1m") @NotNull Duration initialLock,
		@DefaultValue("15m") @NotNull Duration maxLock) {

	/**
	 * An attempt in flight counts this long at most: a replica that died in the middle of
	 * a hash must not hold the account's attempts for ever.
	 */
	static final Duration HOLD = Duration.ofMinutes(1);

	AttemptCounter.Limits limits() {
		return new AttemptCounter.Limits(maxFailures, window, initialLock, maxLock, HOLD);
	}

}
