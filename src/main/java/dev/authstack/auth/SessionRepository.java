package dev.authstack.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface SessionRepository extends JpaRepository<Session, UUID> {

	@Query("select s from Session s where s.account.id = ?1 and s.revokedAt is null and s.expiresAt > ?2 order by s.lastUsedAt desc")
	List<Session> findActive(long accountId, Instant now);

	@Query("select s from Session s where s.account.id = ?1 and s.revokedAt is null")
	List<Session> findUnrevoked(long accountId);

	@Query("select s.id from Session s where s.revokedAt > ?1")
	List<UUID> findRevokedSince(Instant since);

	@Query("select count(s) > 0 from Session s where s.id = ?1 and s.revokedAt is null")
	boolean isUnrevoked(UUID id);

}
