package dev.authstack.account;

import dev.authstack.security.Caller;
import java.net.URI;

import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AccountController {

	private final AccountService accounts;

	AccountController(AccountService accounts) {
		this.accounts = accounts;
	}

	@PostMapping(path = "/api/v1/signup", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AccountView> signup(@Valid @RequestBody SignupRequest request) {
		Account account = accounts.signup(request);
		return ResponseEntity.created(URI.create("/api/v1/users/" + account.getUsername()))
			.body(AccountView.of(account));
	}

	/**
	 * The full record to its owner and to admins; public fields to everyone else signed
	 * in.
	 */
	@GetMapping("/api/v1/users/{username}")
	Object user(@PathVariable String username, Caller caller) {
		AccountView account = accounts.view(username).orElseThrow(AccountNotFoundException::new);
		boolean self = account.id() == caller.accountId();
		boolean admin = caller.isAdmin();
		return self || admin ? account : PublicProfile.of(account);
	}

}
