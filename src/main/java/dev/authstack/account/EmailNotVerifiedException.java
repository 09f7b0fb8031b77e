package dev.authstack.account;

import java.util.Map;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpStatus;

/**
 * Under AUTH_EMAIL_VERIFICATION=required: the password was right, the address is not
 * verified yet. Only thrown after a correct password, so it tells a guesser nothing a
 * wrong guess would not.
 */
public class EmailNotVerifiedException extends DomainException {

	EmailNotVerifiedException() {
		super(HttpStatus.FORBIDDEN, "Email not verified",
				"Verify your email address first: follow the link we mailed to it, or ask for a new one");
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("error", "email_not_verified");
	}

}
