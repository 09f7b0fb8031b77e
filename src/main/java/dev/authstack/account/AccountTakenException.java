package dev.authstack.account;

import java.util.Map;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpStatus;

/** The username or email already belongs to an account. */
public class AccountTakenException extends DomainException {

	private final String field;

	AccountTakenException(String field) {
		super(HttpStatus.CONFLICT, "Account exists", "An account with this " + field + " already exists");
		this.field = field;
	}

	public String field() {
		return field;
	}

	@Override
	public Map<String, Object> properties() {
		return Map.of("field", field);
	}

}
