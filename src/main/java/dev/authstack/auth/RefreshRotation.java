package dev.authstack.auth;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One refresh-token rotation as one SQL statement, sent outside any transaction (a single
 * statement commits atomically): mark the presented token used if nobody did yet and it
 * has not expired, extend its session if that is alive and its account active, insert the
 * next token, and return who the new access token is for. One round trip instead of the
 * seven of the JPA version (begin, update, three selects, update, insert, commit),
 * measured in bench/: the hot path of token refresh. Anything else (a replayed or unknown
 * token) is decided by {@link SessionService} in a transaction of its own.
 */
@Component
class RefreshRotation {

	private static final String ROTATE = """
			WITH used AS (
			    UPDATE refresh_tokens SET used_at = ?
			    WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
			    RETURNING session_id),
			extended AS (
			    UPDATE sessions SET last_used_at = ?, expires_at = ?, ip = coalesce(?, ip)
			    WHERE id = (SELECT session_id FROM used) AND revoked_at IS NULL AND expires_at > ?
			      AND account_id IN (SELECT id FROM accounts WHERE status = 'active')
			    RETURNING id, account_id),
			next AS (
			    INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at)
			    SELECT ?, id, ?, ? FROM extended)
			SELECT e.id, a.id, a.username, a.roles, a.email_verified FROM extended e JOIN accounts a ON a.id = e.account_id""";

	private final JdbcTemplate jdbc;

	RefreshRotation(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The rotated session, or empty when the token was not one to rotate now. */
	Optional<Rotated> rotate(String oldHash, String newHash, Instant now, Instant expiresAt, String ip) {
		OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
		OffsetDateTime until = expiresAt.atOffset(ZoneOffset.UTC);
		List<Rotated> rotated = jdbc.query(ROTATE,
				(row, n) -> new Rotated(row.getObject(1, UUID.class), row.getLong(2), row.getString(3),
						List.of(row.getString(4).split(",")), row.getBoolean(5)),
				at, oldHash, at, at, until, ip, at, newHash, at, until);
		return rotated.stream().findFirst();
	}

	/** Whom the next access token is for. */
	record Rotated(UUID sessionId, long accountId, String username, List<String> roles, boolean emailVerified) {
	}

}
