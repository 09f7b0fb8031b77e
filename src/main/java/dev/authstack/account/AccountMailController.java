package dev.authstack.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.authstack.security.Caller;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The routes behind mailed links: verification, password reset, email change. Tokens
 * travel in JSON bodies only (never in a URL, so never in an access log). Asking for mail
 * answers 202 with one body whether or not an account uses the address.
 */
@RestController
class AccountMailController {

	static final String FORGOT_ANSWER = "If an active account uses this address, a link to reset its password is on its way";

	static final String RESEND_ANSWER = "If an unverified account uses this address, a new verification link is on its way";

	private final EmailVerification verification;

	private final PasswordReset reset;

	private final EmailChange change;

	AccountMailController(EmailVerification verification, PasswordReset reset, EmailChange change) {
		this.verification = verification;
		this.reset = reset;
		this.change = change;
	}

	@PostMapping(path = "/api/v1/password/forgot", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Accepted> forgot(@Valid @RequestBody EmailAddress request, HttpServletRequest http) {
		reset.forgot(request.email(), http.getRemoteAddr());
		return accepted(FORGOT_ANSWER);
	}

	@PostMapping(path = "/api/v1/password/reset", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> reset(@Valid @RequestBody ResetRequest request) {
		reset.reset(request.token(), request.newPassword());
		return noContent();
	}

	@PostMapping(path = "/api/v1/email/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> verify(@Valid @RequestBody TokenRequest request) {
		verification.verify(request.token());
		return noContent();
	}

	@PostMapping(path = "/api/v1/email/verify/resend", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Accepted> resend(@Valid @RequestBody EmailAddress request, HttpServletRequest http) {
		verification.resend(request.email(), http.getRemoteAddr());
		return accepted(RESEND_ANSWER);
	}

	/**
	 * Starts a change: the new address gets a link; the account keeps its address until
	 * it is followed.
	 */
	@PostMapping(path = "/api/v1/me/email", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<EmailChangeAnswer> changeEmail(Caller caller, @Valid @RequestBody EmailAddress request,
			HttpServletRequest http) {
		EmailChange.Result result = change.request(caller.accountId(), request.email(), http.getRemoteAddr());
		return switch (result) {
			case PENDING -> ResponseEntity.status(HttpStatus.ACCEPTED)
				.cacheControl(CacheControl.noStore())
				.body(new EmailChangeAnswer("pending", request.email(),
						"A link to confirm the new address was mailed to it; the address changes when it is followed"));
			case CHANGED ->
				ResponseEntity.ok(new EmailChangeAnswer("changed", request.email(), "The address was changed"));
			case UNCHANGED -> ResponseEntity
				.ok(new EmailChangeAnswer("unchanged", request.email(), "This is the account's address already"));
		};
	}

	@PostMapping(path = "/api/v1/email/change/confirm", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> confirmChange(@Valid @RequestBody TokenRequest request) {
		change.confirm(request.token());
		return noContent();
	}

	@PostMapping(path = "/api/v1/email/change/undo", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Void> undoChange(@Valid @RequestBody TokenRequest request) {
		change.undo(request.token());
		return noContent();
	}

	private static ResponseEntity<Accepted> accepted(String detail) {
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.cacheControl(CacheControl.noStore())
			.body(new Accepted(detail));
	}

	private static ResponseEntity<Void> noContent() {
		return ResponseEntity.noContent().cacheControl(CacheControl.noStore()).build();
	}

	record TokenRequest(@NotNull(message = "is required") @Size(max = 256) String token) {

		@Override
		public String toString() {
			return "TokenRequest[]";
		}

	}

	/**
	 * The new password is checked by the reset itself (the password policy), not here.
	 */
	record ResetRequest(@NotNull(message = "is required") @Size(max = 256) String token,
			@NotNull(message = "is required") @Size(max = 1024) String newPassword) {

		@Override
		public String toString() {
			return "ResetRequest[]";
		}

	}

	record Accepted(String detail) {
	}

	record EmailChangeAnswer(String status, String email, String detail) {
	}

}
