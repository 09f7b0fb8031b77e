package dev.authstack.auth;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-identifier lockout: {@code maxFailures} failed logins within {@code window} lock the
 * identifier for {@code initialLock}, doubling with each further lock up to {@code maxLock}.
 */
@Validated
@ConfigurationProperties("auth.lockout")
record LockoutProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5") @Min(1) int maxFailures,
		@DefaultValue("15m") @NotNull Duration window, @DefaultValue("1m") @NotNull Duration initialLock,
		@DefaultValue("15m") @NotNull Duration maxLock) {
}
