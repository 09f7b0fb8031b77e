package dev.authstack.auth;

import java.util.Optional;
import java.util.UUID;

import dev.authstack.account.Account;
import dev.authstack.account.AccountService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Checks a username or email and a password. Every path costs one hash verification, including
 * unknown identifiers (checked against a dummy hash of the same parameters), so neither the
 * answer nor its timing tells whether an account exists.
 */
@Service
public class LoginService {

	private static final Logger log = LoggerFactory.getLogger(LoginService.class);

	private final AccountService accounts;

	private final PasswordEncoder passwordEncoder;

	private final String dummyHash;

	LoginService(AccountService accounts, PasswordEncoder passwordEncoder) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.dummyHash = passwordEncoder.encode(UUID.randomUUID().toString());
	}

	/** The account, or {@link InvalidCredentialsException} for any failure. */
	public Account authenticate(String identifier, String password) {
		if (identifier == null || password == null) {
			passwordEncoder.matches("", dummyHash);
			throw new InvalidCredentialsException();
		}
		Optional<Account> found = accounts.findByIdentifier(identifier);
		String hash = found.map(Account::getPasswordHash).orElse(dummyHash);
		boolean matches = passwordEncoder.matches(password, hash);
		if (found.isEmpty() || !matches || !found.get().isActive()) {
			log.info("Login failed");
			throw new InvalidCredentialsException();
		}
		Account account = found.get();
		if (passwordEncoder.upgradeEncoding(hash)) {
			accounts.replacePasswordHash(account.getId(), hash, passwordEncoder.encode(password));
			log.info("Password hash of account {} upgraded to the current parameters", account.getId());
		}
		log.info("Login succeeded for account {}", account.getId());
		return account;
	}

}
