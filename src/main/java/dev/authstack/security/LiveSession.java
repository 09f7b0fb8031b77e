package dev.authstack.security;

import java.util.Set;

/** A session that is alive now, with its account's current username and roles. */
public record LiveSession(long accountId, String username, Set<String> roles) {

	public LiveSession {
		roles = Set.copyOf(roles);
	}

}
