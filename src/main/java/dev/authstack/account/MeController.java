package dev.authstack.account;

import dev.authstack.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Self-service for the token's owner. */
@RestController
class MeController {

	private final AccountService accounts;

	MeController(AccountService accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/api/v1/me")
	AccountView me(Caller caller) {
		return accounts.view(caller.accountId()).orElseThrow(AccountNotFoundException::new);
	}

	@PatchMapping(path = "/api/v1/me", consumes = MediaType.APPLICATION_JSON_VALUE)
	AccountView update(Caller caller, @Valid @RequestBody ProfileUpdate update) {
		return accounts.updateProfile(caller.accountId(), update);
	}

	/** Ends every other session; the one making the request stays signed in. */
	@PutMapping(path = "/api/v1/me/password", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> changePassword(Caller caller, @Valid @RequestBody PasswordChange change) {
		accounts.changePassword(caller.accountId(), change.currentPassword(), change.newPassword(),
				caller.sessionId().toString());
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping(path = "/api/v1/me", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> delete(Caller caller, @Valid @RequestBody Deletion deletion) {
		accounts.delete(caller.accountId(), deletion.password());
		return ResponseEntity.noContent().build();
	}

	/**
	 * The new password's rules are the {@link dev.authstack.password.PasswordPolicy}'s,
	 * applied by the service.
	 */
	record PasswordChange(@NotNull(message = "is required") @Size(max = 1024) String currentPassword,
			@NotNull(message = "is required") @Size(max = 4096) String newPassword) {

		@Override
		public String toString() {
			return "PasswordChange[]";
		}

	}

	record Deletion(@NotNull(message = "is required") @Size(max = 1024) String password) {

		@Override
		public String toString() {
			return "Deletion[]";
		}

	}

}
