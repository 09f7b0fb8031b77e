package dev.authstack.password;

import java.util.List;
import java.util.Map;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpStatus;

/**
 * A new password the {@link PasswordPolicy} refuses: 400 with the field and why in
 * {@code errors}.
 */
public class UnacceptablePasswordException extends DomainException {

	private final String field;

	private final String reason;

	UnacceptablePasswordException(String field, String reason) {
		super(HttpStatus.BAD_REQUEST, "Invalid request", "One or more fields are invalid");
		this.field = field;
		this.reason = reason;
	}

	public String field() {
		return field;
	}

	/** The message for the field, e.g. "is too common: ...". */
	public String reason() {
		return reason;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("errors", List.of(Map.of("field", field, "message", reason)));
	}

}
