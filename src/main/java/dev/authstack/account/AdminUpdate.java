package dev.authstack.account;

import java.util.Set;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An admin's change to an account: status and/or roles; absent fields stay as they are.
 */
public record AdminUpdate(
		@Pattern(regexp = "active|disabled", message = "must be 'active' or 'disabled'") String status,
		@Size(min = 1, max = 8, message = "must name 1 to 8 roles") Set<@Pattern(regexp = "[a-z][a-z0-9_-]{0,31}",
				message = "must be a lowercase role name") String> roles) {
}
