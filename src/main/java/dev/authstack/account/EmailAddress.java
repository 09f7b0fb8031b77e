package dev.authstack.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An address to mail, checked like signup's and free of control characters, so no line
 * break typed into a form can reach a mail header. The body of the routes that send mail;
 * the pages validate their field through it too.
 */
public record EmailAddress(
		@NotBlank(message = "is required") @Size(max = 254, message = "must be at most 254 characters") @Email(
				regexp = EmailAddress.SHAPE, message = "must be a valid email address") @Pattern(
						regexp = "[^\\p{Cc}\\u2028\\u2029]*", message = "must be a valid email address") String email) {

	/**
	 * Something, an at sign, a dotted domain: every field that takes an address checks
	 * this.
	 */
	static final String SHAPE = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";

	public EmailAddress {
		email = email == null ? null : email.strip();
	}

}
