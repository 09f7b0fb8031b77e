package dev.authstack.security;

import java.util.Optional;
import java.util.UUID;

/**
 * The allow-list every authenticated request is checked against: a token counts only
 * while its session is alive, and the caller's roles are the account's roles now, not
 * those in the token. Implemented by the {@code auth} module.
 */
public interface LiveSessions {

	/**
	 * The session if it is alive; empty when it ended, expired, belongs to a disabled or
	 * deleted account, or never existed.
	 * @throws SessionCheckUnavailableException when neither the shared store nor the
	 * database can tell (the request is answered 503, never let through)
	 */
	Optional<LiveSession> find(UUID sessionId);

}
