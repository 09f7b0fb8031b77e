package dev.authstack.account;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The flows that mail an account: verification
 * ({@code AUTH_EMAIL_VERIFICATION=off|optional|required}), password reset
 * ({@code AUTH_PASSWORD_RESET}), and the lifetimes of their links; the email change's
 * undo link works for {@code undoWindow}. {@code throttle}: requests that send mail
 * (forgot, resend, change) per address and per client IP within a window.
 */
@Validated
@ConfigurationProperties("auth.email")
record EmailProperties(@DefaultValue("optional") @NotNull Verification verification,
		@DefaultValue("24h") @NotNull Duration verificationTtl, @DefaultValue("true") boolean passwordReset,
		@DefaultValue("30m") @NotNull Duration resetTtl, @DefaultValue("24h") @NotNull Duration changeTtl,
		@DefaultValue("7d") @NotNull Duration undoWindow, @DefaultValue @Valid Throttle throttle) {

	enum Verification {

		/** No verification mail; email_verified stays as it is. */
		OFF,
		/** A link is mailed at signup; signing in does not wait for it. */
		OPTIONAL,
		/**
		 * A link is mailed at signup; a correct password for an unverified address is
		 * answered "verify first".
		 */
		REQUIRED

	}

	record Throttle(@DefaultValue("3") @Min(1) int perAddress, @DefaultValue("20") @Min(1) int perIp,
			@DefaultValue("15m") @NotNull Duration window) {
	}

	/** Whether any flow is on that cannot work without mail. */
	boolean needsMail() {
		return verification != Verification.OFF || passwordReset;
	}

}
