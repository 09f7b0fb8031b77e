package dev.authstack.system;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * One request field refused by a rule the service checks (not Bean Validation): 400 with
 * the field and why in {@code errors}, the shape Bean Validation's errors have, so a
 * client reads both alike.
 */
public abstract class FieldException extends DomainException {

	private final String field;

	private final String reason;

	protected FieldException(String field, String reason) {
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
