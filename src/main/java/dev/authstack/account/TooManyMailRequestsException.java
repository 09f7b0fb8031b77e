package dev.authstack.account;

import java.time.Duration;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** Too many requests that send mail, for this address or from this client address. */
public class TooManyMailRequestsException extends DomainException {

	private final Duration retryAfter;

	TooManyMailRequestsException(Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests", "Too many requests for mail; try again later");
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return retryAfter;
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		return headers;
	}

}
