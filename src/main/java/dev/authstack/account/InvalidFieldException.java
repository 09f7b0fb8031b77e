package dev.authstack.account;

import java.util.List;
import java.util.Map;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpStatus;

/**
 * One field refused by a rule the service checks, in the same shape as Bean Validation's
 * errors.
 */
public class InvalidFieldException extends DomainException {

	private final String field;

	private final String reason;

	InvalidFieldException(String field, String reason) {
		super(HttpStatus.BAD_REQUEST, "Invalid request", "One or more fields are invalid");
		this.field = field;
		this.reason = reason;
	}

	public String field() {
		return field;
	}

	public String reason() {
		return reason;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("errors", List.of(Map.of("field", field, "message", reason)));
	}

}
