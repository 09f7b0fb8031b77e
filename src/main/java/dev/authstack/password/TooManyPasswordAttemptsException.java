package dev.authstack.password;

import java.time.Duration;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A signed-in caller's password check (password change, deletion) refused because the
 * account's attempts are used up: 429 + Retry-After. Login answers a lock like any failed
 * login instead.
 */
public class TooManyPasswordAttemptsException extends DomainException {

	private final Duration retryAfter;

	TooManyPasswordAttemptsException(Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
				"Too many wrong passwords for this account; try again later");
		this.retryAfter = retryAfter;
	}

	public long retryAfterSeconds() {
		return seconds(retryAfter);
	}

	static long seconds(Duration duration) {
		return Math.max(1, (duration.toMillis() + 999) / 1000);
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds()));
		return headers;
	}

}
