package dev.authstack.account;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.authstack.audit.AuditLog;
import dev.authstack.audit.AuditLog.Outcome;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
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

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	AccountService(AccountRepository accounts, PasswordEncoder passwordEncoder, AccountCache cache,
			ApplicationEventPublisher events, AuditLog audit) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.cache = cache;
		this.events = events;
		this.audit = audit;
	}

	public Account signup(SignupRequest request) {
		Account account = create(request, Set.of("user"));
		audit.record("signup", Outcome.SUCCESS, account.getId(), account.getUsername(), account.getUsername(), null);
		return account;
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

	/** Which unique index refused the row; any other refusal is not a taken name and stays an error. */
	private static String conflictingField(DataIntegrityViolationException ex) {
		String message = String.valueOf(ex.getMostSpecificCause().getMessage());
		if (message.contains("accounts_email_key")) {
			return "email";
		}
		if (message.contains("accounts_username_key")) {
			return "username";
		}
		throw ex;
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

	/** Applies a partial profile change; a taken email is refused with 409. */
	@Transactional
	public AccountView updateProfile(long id, ProfileUpdate update) {
		Account account = accounts.findById(id).orElseThrow(AccountNotFoundException::new);
		if (update.email() != null && !update.email().equalsIgnoreCase(account.getEmail())) {
			if (update.email().isBlank()) {
				throw new AccountTakenException("email");
			}
			if (accounts.existsByEmail(update.email())) {
				throw new AccountTakenException("email");
			}
			account.setEmail(update.email());
		}
		account.setProfile(merge(update.firstName(), account.getFirstName()),
				merge(update.lastName(), account.getLastName()), merge(update.address(), account.getAddress()),
				merge(update.locality(), account.getLocality()), merge(update.state(), account.getState()),
				merge(update.country(), account.getCountry()));
		account.touch();
		try {
			accounts.flush();
		}
		catch (DataIntegrityViolationException ex) {
			throw new AccountTakenException(conflictingField(ex));
		}
		cache.evict(account);
		audit.record("profile_update", Outcome.SUCCESS, id, account.getUsername(), account.getUsername(), null);
		return AccountView.of(account);
	}

	private static String merge(String given, String current) {
		if (given == null) {
			return current;
		}
		return given.isBlank() ? null : given.strip();
	}

	/** Checks the current password, stores the new hash and ends every other session. */
	@Transactional
	public void changePassword(long id, String currentPassword, String newPassword, String keptSessionId) {
		Account account = accounts.findById(id).orElseThrow(AccountNotFoundException::new);
		if (!passwordEncoder.matches(currentPassword, account.getPasswordHash())) {
			audit.record("password_change", Outcome.FAILURE, id, account.getUsername(), account.getUsername(),
					"wrong current password");
			throw new InvalidPasswordException("current_password");
		}
		account.setPasswordHash(passwordEncoder.encode(newPassword));
		events.publishEvent(new AccountEvents.PasswordChanged(id, keptSessionId));
		audit.record("password_change", Outcome.SUCCESS, id, account.getUsername(), account.getUsername(), null);
		log.info("Password of account {} changed; other sessions revoked", id);
	}

	/** Deletes the account after checking its password; its sessions end and its name is free. */
	@Transactional
	public void delete(long id, String password) {
		Account account = accounts.findById(id).orElseThrow(AccountNotFoundException::new);
		if (!passwordEncoder.matches(password, account.getPasswordHash())) {
			audit.record("account_delete", Outcome.FAILURE, id, account.getUsername(), account.getUsername(),
					"wrong password");
			throw new InvalidPasswordException("password");
		}
		events.publishEvent(new AccountEvents.AccountDeleted(id));
		accounts.deleteAccount(id);
		cache.evict(account);
		audit.record("account_delete", Outcome.SUCCESS, id, account.getUsername(), account.getUsername(), null);
		log.info("Account {} deleted", id);
	}

	/** Accounts whose username starts with {@code prefix} (all when blank), by username. */
	@Transactional(readOnly = true)
	public Page<AccountView> list(String prefix, Pageable page) {
		String normalized = prefix == null ? "" : prefix.strip().toLowerCase(Locale.ROOT);
		String pattern = normalized.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		return accounts.findByUsernamePrefix(pattern, page).map(AccountView::of);
	}

	/** An admin's change of status or roles; disabling ends every session at once. */
	@Transactional
	public AccountView adminUpdate(String username, AdminUpdate update, long adminId, String adminName) {
		Account account = accounts.findByUsername(username.strip().toLowerCase(Locale.ROOT))
			.orElseThrow(AccountNotFoundException::new);
		StringBuilder details = new StringBuilder();
		if (update.status() != null && !update.status().equals(account.getStatus())) {
			account.setStatus(update.status());
			details.append("status=").append(update.status()).append(' ');
			if (!account.isActive()) {
				events.publishEvent(new AccountEvents.AccountDisabled(account.getId()));
			}
		}
		if (update.roles() != null) {
			Set<String> roles = new java.util.TreeSet<>(update.roles());
			roles.add("user");
			account.setRoles(roles);
			details.append("roles=").append(String.join(",", roles));
		}
		account.touch();
		cache.evict(account);
		audit.record("admin_update", Outcome.SUCCESS, adminId, adminName, account.getUsername(),
				details.toString().strip());
		return AccountView.of(account);
	}

}
