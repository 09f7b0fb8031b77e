package dev.authstack.auth;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpStatus;

/**
 * Every failed login, whatever the reason, so the answer reveals nothing about the
 * account.
 */
public class InvalidCredentialsException extends DomainException {

	protected InvalidCredentialsException() {
		super(HttpStatus.UNAUTHORIZED, "Unauthorized", "Invalid username or password");
	}

}
