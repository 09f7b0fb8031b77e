package dev.authstack.auth;

import java.util.List;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user's sessions: where and when they signed in, and a way to end each. */
@RestController
class SessionController {

	private final SessionService sessions;

	SessionController(SessionService sessions) {
		this.sessions = sessions;
	}

	@GetMapping("/api/v1/me/sessions")
	List<SessionService.SessionView> list(@AuthenticationPrincipal Jwt token) {
		return sessions.list(Long.parseLong(token.getSubject()), token.getClaimAsString("sid"));
	}

	@DeleteMapping("/api/v1/me/sessions/{id}")
	ResponseEntity<Void> revoke(@AuthenticationPrincipal Jwt token, @PathVariable String id) {
		if (!sessions.revokeOwn(Long.parseLong(token.getSubject()), id)) {
			throw new NoSuchSessionException();
		}
		return ResponseEntity.noContent().build();
	}

	static class NoSuchSessionException extends DomainException {

		NoSuchSessionException() {
			super(HttpStatus.NOT_FOUND, "Not Found", "No such active session");
		}

	}

}
