package dev.authstack.account;

import dev.authstack.system.FieldException;

/**
 * One field refused by a rule the service checks, in the same shape as Bean Validation's
 * errors.
 */
public class InvalidFieldException extends FieldException {

	InvalidFieldException(String field, String reason) {
		super(field, reason);
	}

}
