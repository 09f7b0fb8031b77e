package dev.authstack.auth;

import java.time.Duration;

import org.springframework.http.HttpHeaders;

/**
 * Too many failures for this identifier: the same answer as any failed login, plus
 * Retry-After.
 */
class AccountLockedException extends InvalidCredentialsException {

	private final Duration retryAfter;

	AccountLockedException(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	Duration retryAfter() {
		return retryAfter;
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
		return headers;
	}

}
