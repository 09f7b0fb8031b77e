package dev.authstack.account;

import dev.authstack.password.AcceptablePassword;
import dev.authstack.password.PasswordPolicy;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.authstack.system.PlainText;

/**
 * What a new account needs. Usernames are stored {@link Identifier#normalize normalised};
 * the password is never trimmed or truncated, and must pass the {@link PasswordPolicy}
 * (checked with the other fields, reported on {@code password}).
 */
@AcceptablePassword
public record SignupRequest(
		@NotBlank(message = "is required") @Size(min = 3, max = 32, message = "must be 3 to 32 characters") @Pattern(
				regexp = "[a-z0-9._-]*", message = "may contain only a-z, 0-9, '.', '_' and '-'") String username,
		@NotBlank(message = "is required") @Size(max = 254, message = "must be at most 254 characters") @Email(
				regexp = EmailAddress.SHAPE, message = "must be a valid email address") @PlainText String email,
		@NotNull(message = "is required") String password, @ProfileText String firstName, @ProfileText String lastName,
		@ProfileText String address, @ProfileText String locality, @ProfileText String state,
		@ProfileText String country) implements AcceptablePassword.NewPassword {

	public SignupRequest {
		// the pattern below is checked on the normalised name, so "Ａｌｉｃｅ" signs up as
		// "alice"
		username = username == null ? null : Identifier.normalize(username);
		email = email == null ? null : email.strip();
		firstName = blankToNull(firstName);
		lastName = blankToNull(lastName);
		address = blankToNull(address);
		locality = blankToNull(locality);
		state = blankToNull(state);
		country = blankToNull(country);
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	@Override
	public String toString() {
		return "SignupRequest[username=" + username + "]";
	}

}
