package dev.authstack.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.authstack.account.Account;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class LoginController {

	private final LoginService logins;

	private final TokenService tokens;

	LoginController(LoginService logins, TokenService tokens) {
		this.logins = logins;
		this.tokens = tokens;
	}

	@PostMapping(path = "/api/v1/login", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<LoginResponse> login(@Valid @RequestBody LoginRequest request) {
		Account account = logins.authenticate(request.identifier(), request.password());
		TokenService.AccessToken token = tokens.issue(account);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new LoginResponse(token.value(), "Bearer", token.expiresInSeconds()));
	}

	/** {@code username} may hold a username or an email address; {@code email} is accepted too. */
	record LoginRequest(@Size(max = 254) String username, @Size(max = 254) String email,
			@NotNull(message = "is required") @Size(max = 1024) String password) {

		String identifier() {
			return username != null && !username.isBlank() ? username : email;
		}

		@Override
		public String toString() {
			return "LoginRequest[username=" + username + ", email=" + email + "]";
		}

	}

	record LoginResponse(String accessToken, String tokenType, long expiresIn) {

		@Override
		public String toString() {
			return "LoginResponse[expiresIn=" + expiresIn + "]";
		}

	}

}
