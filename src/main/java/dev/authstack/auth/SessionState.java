package dev.authstack.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.authstack.security.LiveSession;

/**
 * What a session allows, as read from PostgreSQL: alive (not revoked, not expired, its
 * account present and active) with the account's username and roles, or ended; and the
 * row's {@code version}, raised by every change. Its copy in the shared store reads
 * {@code version|1|accountId|roles|username}, or {@code version|0} once ended.
 */
record SessionState(UUID id, long version, Long accountId, Instant revokedAt, Instant expiresAt, String username,
		String roles, String status) {

	/**
	 * A session with no row (purged, or never existed): ended, below every real version.
	 */
	static SessionState missing(UUID id) {
		return new SessionState(id, 0, null, null, Instant.EPOCH, null, null, null);
	}

	boolean alive(Instant now) {
		return revokedAt == null && accountId != null && "active".equals(status) && expiresAt.isAfter(now);
	}

	Optional<LiveSession> live(Instant now) {
		return alive(now) ? Optional.of(new LiveSession(accountId, username, roleSet(roles))) : Optional.empty();
	}

	/** The copy's content after the version. */
	String copy(Instant now) {
		return alive(now) ? "1|" + accountId + "|" + roles + "|" + username : "0";
	}

	/** How long the copy may be trusted: an alive copy never outlives the session. */
	Duration ttl(Instant now, Duration aliveCap, Duration endedTtl) {
		if (!alive(now)) {
			return endedTtl;
		}
		Duration left = Duration.between(now, expiresAt);
		return left.compareTo(aliveCap) < 0 ? left : aliveCap;
	}

	/** Reads a copy; one it cannot read counts as ended. */
	static Optional<LiveSession> fromCopy(String value) {
		String[] parts = value.split("\\|", 5);
		if (parts.length != 5 || !parts[1].equals("1")) {
			return Optional.empty();
		}
		try {
			return Optional.of(new LiveSession(Long.parseLong(parts[2]), parts[4], roleSet(parts[3])));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private static Set<String> roleSet(String roles) {
		return roles == null || roles.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(roles.split(",")));
	}

}
