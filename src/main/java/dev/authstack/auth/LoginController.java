package dev.authstack.auth;

import dev.authstack.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.authstack.account.Account;
import dev.authstack.system.PlainText;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class LoginController {

	private final LoginService logins;

	private final SessionService sessions;

	LoginController(LoginService logins, SessionService sessions) {
		this.logins = logins;
		this.sessions = sessions;
	}

	@PostMapping(path = "/api/v1/login", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenResponse> login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		Account account = logins.authenticate(request.identifier(), request.password());
		return tokens(sessions.startApiSession(account, ClientInfo.of(http)));
	}

	/**
	 * Rotates the refresh token: the old one stops working; replaying it ends the
	 * session.
	 */
	@PostMapping(path = "/api/v1/token/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenResponse> refresh(@Valid @RequestBody RefreshRequest request, HttpServletRequest http) {
		return tokens(sessions.refresh(request.refreshToken(), ClientInfo.of(http)));
	}

	/** Ends the session of this access token, its refresh tokens included, at once. */
	@PostMapping("/api/v1/logout")
	ResponseEntity<Void> logout(Caller caller) {
		sessions.logout(caller.accountId(), caller.sessionId());
		return ResponseEntity.noContent().build();
	}

	private static ResponseEntity<TokenResponse> tokens(SessionService.Tokens tokens) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new TokenResponse(tokens.access().value(), "Bearer", tokens.access().expiresInSeconds(),
					tokens.refreshToken(), tokens.refreshExpiresIn()));
	}

	/**
	 * {@code username} may hold a username or an email address; {@code email} is accepted
	 * too.
	 */
	record LoginRequest(@Size(max = 254) @PlainText String username, @Size(max = 254) @PlainText String email,
			@NotNull(message = "is required") @Size(max = 1024) String password) {

		String identifier() {
			return username != null && !username.isBlank() ? username : email;
		}

		@Override
		public String toString() {
			return "LoginRequest[username=" + username + ", email=" + email + "]";
		}

	}

	record RefreshRequest(@NotNull(message = "is required") @Size(max = 256) String refreshToken) {

		@Override
		public String toString() {
			return "RefreshRequest[]";
		}

	}

	record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
			long refreshExpiresIn) {

		@Override
		public String toString() {
			return "TokenResponse[expiresIn=" + expiresIn + "]";
		}

	}

}
