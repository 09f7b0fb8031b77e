package dev.authstack.account;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpStatus;

/**
 * A link for a disabled account: following it changes nothing (a reset must not revive
 * it).
 */
public class AccountDisabledException extends DomainException {

	AccountDisabledException() {
		super(HttpStatus.FORBIDDEN, "Account disabled", "This account is disabled; ask an administrator");
	}

}
