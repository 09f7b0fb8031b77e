package dev.authstack.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

import dev.authstack.system.PlainText;

/**
 * A partial profile change: an absent (null) field stays as it is, an empty string clears
 * it. Email may change too, keeping uniqueness; the username never changes.
 */
public record ProfileUpdate(
		@Size(min = 3, max = 254, message = "must be a valid email address of at most 254 characters") @Email(
				regexp = EmailAddress.SHAPE, message = "must be a valid email address") @PlainText String email,
		@ProfileText String firstName, @ProfileText String lastName, @ProfileText String address,
		@ProfileText String locality, @ProfileText String state, @ProfileText String country) {

	public ProfileUpdate {
		email = email == null ? null : email.strip();
	}

	/**
	 * The same change without the address (which changes through {@link EmailChange}).
	 */
	public ProfileUpdate withoutEmail() {
		return new ProfileUpdate(null, firstName, lastName, address, locality, state, country);
	}

}
