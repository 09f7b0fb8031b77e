package dev.authstack.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

import dev.authstack.system.PlainText;

/**
 * A partial profile change: an absent (null) field stays as it is, an empty string clears it.
 * Email may change too, keeping uniqueness; the username never changes.
 */
public record ProfileUpdate(
		@Size(min = 3, max = 254, message = "must be a valid email address of at most 254 characters")
		@Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be a valid email address")
		@PlainText
		String email,
		@Size(max = 128, message = "must be at most 128 characters") @PlainText String firstName,
		@Size(max = 128, message = "must be at most 128 characters") @PlainText String lastName,
		@Size(max = 128, message = "must be at most 128 characters") @PlainText String address,
		@Size(max = 128, message = "must be at most 128 characters") @PlainText String locality,
		@Size(max = 128, message = "must be at most 128 characters") @PlainText String state,
		@Size(max = 128, message = "must be at most 128 characters") @PlainText String country) {

	public ProfileUpdate {
		email = email == null ? null : email.strip();
	}

	/** The same change without the address (which changes through {@link EmailChange}). */
	public ProfileUpdate withoutEmail() {
		return new ProfileUpdate(null, firstName, lastName, address, locality, state, country);
	}

}
