package dev.authstack.auth;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RefreshTokenRepository extends JpaRepository<RefreshToken, String> {

	/** Marks the token rotated if nobody did yet; 1 for the one caller that wins. */
	@Modifying
	@Query("update RefreshToken t set t.usedAt = ?2 where t.tokenHash = ?1 and t.usedAt is null")
	int markUsed(String tokenHash, Instant now);

}
