package dev.authstack.account;

import java.util.List;
import java.util.Map;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpStatus;

/** The current password given to confirm a sensitive change is wrong. */
public class InvalidPasswordException extends DomainException {

	private final String field;

	InvalidPasswordException(String field) {
		super(HttpStatus.BAD_REQUEST, "Invalid request", "The password given is incorrect");
		this.field = field;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("errors", List.of(Map.of("field", field, "message", "is incorrect")));
	}

}
