package dev.authstack.password;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Argon2id cost. The defaults are OWASP's minimum (19 MiB, 2 passes, 1 lane); the floors
 * below keep a configuration from going under it. Raising them rehashes each account at
 * its next successful login. {@code nativeImplementation} picks libargon2 over the Java
 * implementation when it loads. {@code maxConcurrent} bounds the hashes in flight (0 =
 * one per CPU): each holds {@code memoryKib} while it runs, and more than the CPUs can
 * run only wait longer. {@code maxQueued} callers may wait for a slot (-1 = four per
 * slot), each at most {@code maxWait}; the others are answered 503 at once instead of
 * holding a request thread.
 */
@Validated
@ConfigurationProperties("auth.password.argon2")
record PasswordProperties(@DefaultValue("19456") @Min(19456) int memoryKib, @DefaultValue("2") @Min(2) int iterations,
		@DefaultValue("1") @Min(1) int parallelism, @DefaultValue("16") @Min(16) int saltLength,
		@DefaultValue("32") @Min(32) int hashLength, @DefaultValue("true") boolean nativeImplementation,
		@DefaultValue("0") @Min(0) int maxConcurrent, @DefaultValue("-1") @Min(-1) int maxQueued,
		@DefaultValue("2s") @NotNull Duration maxWait) {

	/** Hashes computed at once; more wait. 0 = one per CPU the JVM sees. */
	int concurrencyLimit() {
		return maxConcurrent > 0 ? maxConcurrent : Runtime.getRuntime().availableProcessors();
	}

	/** Callers that may wait for a hashing slot; more are refused at once. */
	int queueLimit() {
		return maxQueued >= 0 ? maxQueued : 4 * concurrencyLimit();
	}

}
