package dev.authstack.password;

import dev.authstack.system.FieldException;

/**
 * A new password the {@link PasswordPolicy} refuses: 400 with the field and why in
 * {@code errors}.
 */
public class UnacceptablePasswordException extends FieldException {

	UnacceptablePasswordException(String field, String reason) {
		super(field, reason);
	}

}
