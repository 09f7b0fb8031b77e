package dev.authstack.auth;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpStatus;

/** Unknown, expired, rotated or revoked: one answer for all. */
class InvalidRefreshTokenException extends DomainException {

	InvalidRefreshTokenException() {
		super(HttpStatus.UNAUTHORIZED, "Unauthorized", "Invalid or expired refresh token");
	}

}
