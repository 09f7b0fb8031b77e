package dev.authstack.password;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What a new password must be (NIST SP 800-63B): {@code minLength} to {@code maxLength}
 * code points after NFKC, not on the shipped blocklist, not one character repeated or a
 * run such as "12345678", not containing the username or the email's local part (when
 * that part has at least {@code minContextLength} characters: a one-letter local part
 * would forbid most passwords). The breached-password range check has its own properties
 * ({@link BreachCheckProperties}).
 */
@Validated
@ConfigurationProperties("auth.password.policy")
record PasswordPolicyProperties(
		@DefaultValue("" + PasswordPolicy.MIN_LENGTH) @Min(PasswordPolicy.MIN_LENGTH) int minLength,
		// NIST: allow at least 64; at most the 1024 a login request takes
		// (LoginController)
		@DefaultValue("" + PasswordPolicy.MAX_LENGTH) @Min(64) @Max(1024) int maxLength,
		@DefaultValue("" + PasswordPolicy.MIN_CONTEXT_LENGTH) @Min(1) int minContextLength) {
}
