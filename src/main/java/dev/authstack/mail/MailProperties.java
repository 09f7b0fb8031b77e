package dev.authstack.mail;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What mail looks like and how the outbox delivers it. {@code from} and {@code fromName}
 * are the sender ({@code AUTH_MAIL_FROM}, {@code AUTH_MAIL_FROMNAME}); {@code publicUrl}
 * is the address users reach the service at, for the links in messages
 * ({@code AUTH_PUBLIC_URL}; unset: this instance's own {@code http://localhost:PORT}) —
 * never taken from a request's Host header, which a client chooses. Without an SMTP
 * server, messages are written to {@code fileDir} when {@code fileTransport} allows it
 * (not under {@code prod}).
 */
@Validated
@ConfigurationProperties("auth.mail")
record MailProperties(@DefaultValue("authstack@localhost") @NotBlank String from,
		@DefaultValue("authstack") @NotNull String fromName, @DefaultValue("") String publicUrl,
		@DefaultValue("./data/mail") @NotBlank String fileDir, @DefaultValue("true") boolean fileTransport,
		@DefaultValue @Valid Worker worker) {

	/**
	 * The delivery worker: how often it looks for due messages (it is also woken at once
	 * when a transaction that queued mail commits), how long a claim lasts before another
	 * replica may take the message over, and the retries: {@code initialBackoff} doubling
	 * per attempt up to {@code maxBackoff}, at most {@code maxAttempts} attempts. Done
	 * messages are deleted after {@code retention}; health reports DOWN while a due
	 * message has waited longer than {@code maxPendingAge}.
	 */
	record Worker(@DefaultValue("true") boolean enabled, @DefaultValue("1s") @NotNull Duration pollInterval,
			@DefaultValue("2m") @NotNull Duration lease, @DefaultValue("10") @Min(1) int maxAttempts,
			@DefaultValue("10s") @NotNull Duration initialBackoff, @DefaultValue("15m") @NotNull Duration maxBackoff,
			@DefaultValue("7d") @NotNull Duration retention, @DefaultValue("15m") @NotNull Duration maxPendingAge) {
	}

}
