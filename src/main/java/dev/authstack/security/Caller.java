package dev.authstack.security;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: the signed-in account and session of the request. Controllers take it
 * as a parameter (or {@code Optional<Caller>} where signing in is optional); no other
 * code reads token claims.
 */
public record Caller(long accountId, UUID sessionId, String username, Set<String> roles) {

	public Caller {
		roles = Set.copyOf(roles);
	}

	public boolean hasRole(String role) {
		return roles.contains(role);
	}

	public boolean isAdmin() {
		return hasRole("admin");
	}

}
