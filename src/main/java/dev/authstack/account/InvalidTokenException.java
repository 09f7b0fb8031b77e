package dev.authstack.account;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpStatus;

/**
 * A mailed link's token that does nothing: unknown, malformed, expired, already used, or
 * made void by a newer link. One answer for all, which is clear to the person holding the
 * link and tells a guesser nothing.
 */
public class InvalidTokenException extends DomainException {

	InvalidTokenException() {
		super(HttpStatus.BAD_REQUEST, "Invalid or expired link",
				"This link is invalid, has expired or was already used; ask for a new one");
	}

}
