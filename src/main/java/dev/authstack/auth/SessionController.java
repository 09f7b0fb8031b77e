package dev.authstack.auth;

import dev.authstack.security.Caller;
import java.util.List;

import dev.authstack.system.DomainException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's sessions: where and when they signed in, and a way to end each.
 */
@RestController
class SessionController {

	private final SessionService sessions;

	SessionController(SessionService sessions) {
		this.sessions = sessions;
	}

	@GetMapping("/api/v1/me/sessions")
	List<SessionService.SessionView> list(Caller caller) {
		return sessions.list(caller.accountId(), caller.sessionId());
	}

	@DeleteMapping("/api/v1/me/sessions/{id}")
	ResponseEntity<Void> revoke(Caller caller, @PathVariable String id) {
		if (!sessions.revokeOwn(caller.accountId(), id)) {
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
