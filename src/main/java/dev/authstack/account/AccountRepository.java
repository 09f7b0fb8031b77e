package dev.authstack.account;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AccountRepository extends JpaRepository<Account, Long> {

	@Query("select a from Account a where lower(a.username) = lower(?1)")
	Optional<Account> findByUsername(String username);

	@Query("select a from Account a where lower(a.email) = lower(?1)")
	Optional<Account> findByEmail(String email);

	@Query("select count(a) > 0 from Account a where lower(a.username) = lower(?1)")
	boolean existsByUsername(String username);

	@Query("select count(a) > 0 from Account a where lower(a.email) = lower(?1)")
	boolean existsByEmail(String email);

}
