package dev.authstack.account;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface AccountRepository extends JpaRepository<Account, Long> {

	@Query("select a from Account a where lower(a.username) = lower(?1)")
	Optional<Account> findByUsername(String username);

	@Query("select a from Account a where lower(a.email) = lower(?1)")
	Optional<Account> findByEmail(String email);

	@Query("select a from Account a where a.username like ?1 escape '\\' order by a.username")
	Page<Account> findByUsernamePrefix(String pattern, Pageable page);

	@Query("select count(a) > 0 from Account a where lower(a.username) = lower(?1)")
	boolean existsByUsername(String username);

	@Query("select count(a) > 0 from Account a where lower(a.email) = lower(?1)")
	boolean existsByEmail(String email);

	/** Deletes in SQL, so the database cascades to sessions and refresh tokens. */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("delete from Account a where a.id = ?1")
	int deleteAccount(long id);

}
