package dev.authstack.account;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts: creation, lookup and the few changes other features make. Uniqueness is decided by
 * the database's case-insensitive unique indexes, so two racing signups cannot both win; the
 * checks before the insert only give the common case a precise message.
 */
@Service
public class AccountService {

	private static final Logger log = LoggerFactory.getLogger(AccountService.class);

	private final AccountRepository accounts;

	private final PasswordEncoder passwordEncoder;

	private final AccountCache cache;

	AccountService(AccountRepository accounts, PasswordEncoder passwordEncoder, AccountCache cache) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.cache = cache;
	}

	public Account signup(SignupRequest request) {
		return create(request, Set.of("user"));
	}

	Account create(SignupRequest request, Set<String> roles) {
		if (accounts.existsByUsername(request.username())) {
			throw new AccountTakenException("username");
		}
		if (accounts.existsByEmail(request.email())) {
			throw new AccountTakenException("email");
		}
		Account account = new Account(request.username(), request.email(),
				passwordEncoder.encode(request.password()));
		account.setProfile(request.firstName(), request.lastName(), request.address(), request.locality(),
				request.state(), request.country());
		account.setRoles(roles);
		try {
			// its own short transaction: a unique violation must not poison a caller's
			Account saved = accounts.saveAndFlush(account);
			log.info("Account {} created (id {})", saved.getUsername(), saved.getId());
			return saved;
		}
		catch (DataIntegrityViolationException ex) {
			throw new AccountTakenException(conflictingField(ex));
		}
	}

	private static String conflictingField(DataIntegrityViolationException ex) {
		String message = String.valueOf(ex.getMostSpecificCause().getMessage());
		return message.contains("accounts_email_key") ? "email" : "username";
	}

	@Transactional(readOnly = true)
	public Optional<Account> findById(long id) {
		return accounts.findById(id);
	}

	@Transactional(readOnly = true)
	public Optional<Account> findByUsername(String username) {
		return accounts.findByUsername(username.strip().toLowerCase(Locale.ROOT));
	}

	/** The account's record, served from the cache after the first read. */
	public Optional<AccountView> view(long id) {
		return cache.byId(id, () -> accounts.findById(id).map(AccountView::of));
	}

	/** The account's record by username, served from the cache after the first read. */
	public Optional<AccountView> view(String username) {
		String normalized = username.strip().toLowerCase(Locale.ROOT);
		return cache.byUsername(normalized, () -> accounts.findByUsername(normalized).map(AccountView::of));
	}

	/** Login accepts a username or an email address. */
	@Transactional(readOnly = true)
	public Optional<Account> findByIdentifier(String identifier) {
		String normalized = identifier.strip();
		return normalized.contains("@") ? accounts.findByEmail(normalized)
				: accounts.findByUsername(normalized.toLowerCase(Locale.ROOT));
	}

	/** Stores a new hash of the same password, e.g. after the hashing parameters were raised. */
	@Transactional
	public void replacePasswordHash(long id, String expectedOldHash, String newHash) {
		accounts.findById(id)
			.filter(account -> account.getPasswordHash().equals(expectedOldHash))
			.ifPresent(account -> account.setPasswordHash(newHash));
	}

	/** Creates the configured first admin unless an account of that name exists. */
	@Transactional
	public boolean ensureAdmin(String username, String email, String password) {
		Optional<Account> existing = accounts.findByUsername(username.toLowerCase(Locale.ROOT));
		if (existing.isPresent()) {
			Account account = existing.get();
			if (!account.hasRole("admin")) {
				Set<String> roles = account.getRoles();
				roles.add("admin");
				account.setRoles(roles);
				log.info("Account {} granted the admin role from configuration", account.getUsername());
			}
			return false;
		}
		create(new SignupRequest(username, email, password, null, null, null, null, null, null),
				Set.of("user", "admin"));
		return true;
	}

}
