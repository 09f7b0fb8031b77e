package dev.authstack.account;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface AccountRepository extends JpaRepository<Account, Long> {

	/** By {@link Identifier#normalize normalised} username: pass the normalised form. */
	@Query("select a from Account a where a.usernameNormalized = ?1")
	Optional<Account> findByUsername(String normalizedUsername);

	/**
	 * By {@link Identifier#normalize normalised} email address: pass the normalised form.
	 */
	@Query("select a from Account a where a.emailNormalized = ?1")
	Optional<Account> findByEmail(String normalizedEmail);

	@Query("select a from Account a where a.username like ?1 escape '\\' order by a.username")
	Page<Account> findByUsernamePrefix(String pattern, Pageable page);

	/**
	 * Taken by either comparison: the normalised form, or lower() as the unique indexes
	 * of V1 still say (they stay, so no name that was unique before stops being unique).
	 */
	@Query("select count(a) > 0 from Account a where a.usernameNormalized = ?1 or lower(a.username) = lower(?2)")
	boolean existsByUsername(String normalizedUsername, String username);

	@Query("select count(a) > 0 from Account a where a.emailNormalized = ?1 or lower(a.email) = lower(?2)")
	boolean existsByEmail(String normalizedEmail, String email);

	@Query("select count(a) > 0 from Account a where (a.emailNormalized = ?1 or lower(a.email) = lower(?2)) and a.id <> ?3")
	boolean existsByEmailOfAnother(String normalizedEmail, String email, long id);

	/** Deletes in SQL, so the database cascades to sessions and refresh tokens. */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("delete from Account a where a.id = ?1")
	int deleteAccount(long id);

}
