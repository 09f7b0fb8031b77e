package dev.authstack.password;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Every hashing slot and waiting place is taken: try again in a moment (503 +
 * Retry-After).
 */
public class PasswordHashingBusyException extends DomainException {

	static final int RETRY_AFTER_SECONDS = 1;

	PasswordHashingBusyException() {
		super(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable",
				"The service is busy checking other passwords; try again in a moment");
	}

	public long retryAfterSeconds() {
		return RETRY_AFTER_SECONDS;
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
		return headers;
	}

}
