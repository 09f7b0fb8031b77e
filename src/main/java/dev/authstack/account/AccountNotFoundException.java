package dev.authstack.account;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpStatus;

class AccountNotFoundException extends DomainException {

	AccountNotFoundException() {
		super(HttpStatus.NOT_FOUND, "Not Found", "No such user");
	}

}
