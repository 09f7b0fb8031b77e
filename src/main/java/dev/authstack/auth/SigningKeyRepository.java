package dev.authstack.auth;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface SigningKeyRepository extends JpaRepository<SigningKey, String> {

	@Query("select k from SigningKey k where k.retiredAt is null order by k.createdAt desc")
	List<SigningKey> findActive();

	@Query("select k from SigningKey k where k.retiredAt is null or k.retiredAt > ?1 order by k.createdAt desc")
	List<SigningKey> findPublishable(Instant retiredAfter);

}
