package dev.authstack.system;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure the client caused and can act on. Features subclass it;
 * {@link ProblemDetailsAdvice} turns it into an RFC 9457 body, so no feature writes error
 * JSON itself.
 */
public abstract class DomainException extends RuntimeException {

	private final HttpStatus status;

	private final String title;

	protected DomainException(HttpStatus status, String title, String detail) {
		super(detail, null, false, false);
		this.status = status;
		this.title = title;
	}

	public HttpStatus status() {
		return status;
	}

	public String title() {
		return title;
	}

	/** Extra members of the problem body, e.g. the conflicting field. */
	public Map<String, Object> properties() {
		return Map.of();
	}

	/** Extra response headers, e.g. {@code Retry-After}. */
	public HttpHeaders headers() {
		return new HttpHeaders();
	}

}
