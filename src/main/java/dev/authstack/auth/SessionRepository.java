package dev.authstack.auth;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface SessionRepository extends JpaRepository<Session, UUID> {

	@Query("select s from Session s where s.account.id = ?1 and s.revokedAt is null and s.expiresAt > ?2 order by s.lastUsedAt desc")
	List<Session> findActive(long accountId, Instant now);

	@Query("select s.id from Session s where s.account.id = ?1 and s.revokedAt is null")
	List<UUID> findUnrevokedIds(long accountId);

	/** Ends sessions that have not ended yet; raises their version. How many it ended. */
	@Modifying(flushAutomatically = true)
	@Query("""
			update Session s set s.revokedAt = ?2, s.revokedReason = ?3, s.stateChangedAt = ?2,
			s.stateVersion = s.stateVersion + 1 where s.id in ?1 and s.revokedAt is null""")
	int revoke(Collection<UUID> ids, Instant now, String reason);

	/**
	 * The account's roles or status changed: its live sessions' copies must be read
	 * again.
	 */
	@Modifying(flushAutomatically = true)
	@Query("""
			update Session s set s.stateChangedAt = ?2, s.stateVersion = s.stateVersion + 1
			where s.account.id = ?1 and s.revokedAt is null""")
	int accountChanged(long accountId, Instant now);

	String STATE = """
			select new dev.authstack.auth.SessionState(s.id, s.stateVersion, a.id, s.revokedAt, s.expiresAt,
			a.username, a.roles, a.status) from Session s left join s.account a""";

	@Query(STATE + " where s.id = ?1")
	Optional<SessionState> findState(UUID id);

	@Query(STATE + " where s.stateChangedAt > ?1")
	List<SessionState> findStatesChangedSince(Instant since);

	/**
	 * Changed since {@code since}, new sessions (version 0, nobody's stale copy) left
	 * out.
	 */
	@Query(STATE + " where s.stateChangedAt > ?1 and s.stateVersion > 0")
	List<SessionState> findStatesRevisedSince(Instant since);

}
