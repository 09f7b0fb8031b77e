package dev.authstack.system;

import java.io.IOException;

import org.springframework.http.HttpStatus;

/**
 * A request body refused while being read: too slow (408), or no permit for a slow one
 * (503).
 */
class BodyRefusedException extends IOException {

	private final HttpStatus status;

	BodyRefusedException(HttpStatus status, String message) {
		super(message);
		this.status = status;
	}

	HttpStatus status() {
		return status;
	}

}
