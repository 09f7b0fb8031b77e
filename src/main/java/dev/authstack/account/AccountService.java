package dev.authstack.account;

import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.authstack.audit.AuditAction;
import dev.authstack.audit.AuditEvent;
import dev.authstack.audit.AuditLog;
import dev.authstack.database.ReadRetry;
import dev.authstack.password.PasswordPolicy;
import dev.authstack.password.Passwords;
import dev.authstack.password.Passwords.Candidate;
import dev.authstack.password.Passwords.Verification;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static dev.authstack.audit.AuditAction.ACCOUNT_DELETE;
import static dev.authstack.audit.AuditAction.ADMIN_UPDATE;
import static dev.authstack.audit.AuditAction.LOCKOUT;
import static dev.authstack.audit.AuditAction.PASSWORD_CHANGE;
import static dev.authstack.audit.AuditAction.PROFILE_UPDATE;
import static dev.authstack.audit.AuditAction.SIGNUP;

/**
 * Accounts: creation, lookup and the few changes other features make. Uniqueness is
 * decided by the database's case-insensitive unique indexes, so two racing signups cannot
 * both win; the checks before the insert only give the common case a precise message.
 */
@Service
public class AccountService {

	private static final Logger log = LoggerFactory.getLogger(AccountService.class);

	private final AccountRepository accounts;

	private final Passwords passwords;

	private final PasswordPolicy policy;

	private final AccountCache cache;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	private final ReadRetry retry;

	private final EmailVerification verification;

	private final EmailChange emailChange;

	AccountService(AccountRepository accounts, Passwords passwords, PasswordPolicy policy, AccountCache cache,
			ApplicationEventPublisher events, AuditLog audit, ReadRetry retry, EmailVerification verification,
			EmailChange emailChange) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.policy = policy;
		this.cache = cache;
		this.events = events;
		this.audit = audit;
		this.retry = retry;
		this.verification = verification;
		this.emailChange = emailChange;
	}

	/** Creates the account and, in the same transaction, queues the verification mail. */
	@Transactional
	public Account signup(SignupRequest request) {
		Account account = create(request, Set.of("user"));
		verification.signedUp(account);
		audit.record(AuditEvent.success(SIGNUP).self(account.getId(), account.getUsername()));
		return account;
	}

	Account create(SignupRequest request, Set<String> roles) {
		if (accounts.existsByUsername(Identifier.normalize(request.username()), request.username())) {
			throw new AccountTakenException("username");
		}
		if (accounts.existsByEmail(Identifier.normalize(request.email()), request.email())) {
			throw new AccountTakenException("email");
		}
		Account account = new Account(request.username(), request.email(), passwords.hash(request.password()));
		account.setProfile(request.firstName(), request.lastName(), request.address(), request.locality(),
				request.state(), request.country());
		account.setRoles(roles);
		try {
			// a unique violation ends the caller's transaction too: it is rethrown as
			// AccountTakenException
			Account saved = accounts.saveAndFlush(account);
			log.info("Account {} created (id {})", saved.getUsername(), saved.getId());
			return saved;
		}
		catch (DataIntegrityViolationException ex) {
			throw new AccountTakenException(conflictingField(ex));
		}
	}

	/**
	 * Which unique index refused the row; any other refusal is not a taken name and stays
	 * an error.
	 */
	private static String conflictingField(DataIntegrityViolationException ex) {
		String message = String.valueOf(ex.getMostSpecificCause().getMessage());
		// accounts_email_key (lower()) or accounts_email_normalized_key, likewise for
		// usernames
		if (message.contains("accounts_email_")) {
			return "email";
		}
		if (message.contains("accounts_username_")) {
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
		return accounts.findByUsername(Identifier.normalize(username));
	}

	/** The account's record, served from the cache after the first read. */
	public Optional<AccountView> view(long id) {
		return cache.byId(id, () -> retry.read(() -> accounts.findById(id).map(AccountView::of)));
	}

	/** The account's record by username, served from the cache after the first read. */
	public Optional<AccountView> view(String username) {
		String normalized = Identifier.normalize(username);
		return cache.byUsername(normalized,
				() -> retry.read(() -> accounts.findByUsername(normalized).map(AccountView::of)));
	}

	/**
	 * Login accepts a username or an email address, in any spelling that
	 * {@link Identifier#normalize normalises} to the stored one.
	 */
	@Transactional(readOnly = true)
	public Optional<Account> findByIdentifier(String identifier) {
		String normalized = Identifier.normalize(identifier);
		return normalized.contains("@") ? accounts.findByEmail(normalized) : accounts.findByUsername(normalized);
	}

	/**
	 * Stores a new hash of the same password, e.g. after the hashing parameters were
	 * raised.
	 */
	@Transactional
	public void replacePasswordHash(long id, String expectedOldHash, String newHash) {
		accounts.findById(id)
			.filter(account -> account.getPasswordHash().equals(expectedOldHash))
			.ifPresent(account -> account.setPasswordHash(newHash));
	}

	/** Creates the configured first admin unless an account of that name exists. */
	@Transactional
	public boolean ensureAdmin(String username, String email, String password) {
		Optional<Account> existing = accounts.findByUsername(Identifier.normalize(username));
		if (existing.isPresent()) {
			Account account = existing.get();
			if (!account.hasRole("admin")) {
				Set<String> roles = account.getRoles();
				roles.add("admin");
				account.setRoles(roles);
				accounts.flush();
				events.publishEvent(new AccountEvents.AccessChanged(account.getId()));
				log.info("Account {} granted the admin role from configuration", account.getUsername());
			}
			account.markEmailVerified();
			return false;
		}
		policy.problem(password, username, email)
			.ifPresent(problem -> log.warn("The bootstrap admin's password {}; change it after signing in", problem));
		Account admin = create(new SignupRequest(username, email, password, null, null, null, null, null, null),
				Set.of("user", "admin"));
		// the operator chose this address: under AUTH_EMAIL_VERIFICATION=required the
		// admin must still get in
		admin.markEmailVerified();
		return true;
	}

	/** Applies a partial profile change; a taken email is refused with 409. */
	@Transactional
	public AccountView updateProfile(long id, ProfileUpdate update) {
		Account account = accounts.findById(id).orElseThrow(AccountNotFoundException::new);
		if (update.email() != null && !update.email().equals(account.getEmail())) {
			if (update.email().isBlank()) {
				throw new AccountTakenException("email");
			}
			if (accounts.existsByEmailOfAnother(Identifier.normalize(update.email()), update.email(), id)) {
				throw new AccountTakenException("email");
			}
			// the same address spelt otherwise (case, Unicode form) reaches the same
			// mailbox: no confirmation, only the spelling shown changes
			boolean sameAddress = Identifier.normalize(update.email()).equals(Identifier.normalize(account.getEmail()));
			if (!sameAddress && emailChange.confirmationRequired()) {
				throw new InvalidFieldException("email",
						"is changed through POST /api/v1/me/email, which mails the new address a link to confirm");
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
		audit.record(AuditEvent.success(PROFILE_UPDATE).self(id, account.getUsername()));
		return AccountView.of(account);
	}

	private static String merge(String given, String current) {
		if (given == null) {
			return current;
		}
		return given.isBlank() ? null : given.strip();
	}

	/**
	 * Checks the new password against the policy, then the current one through the
	 * account's lockout (the same attempts as login:
	 * {@link dev.authstack.password.TooManyPasswordAttemptsException} when they are used
	 * up), stores the new hash and ends every other session.
	 */
	@Transactional
	public void changePassword(long id, String currentPassword, String newPassword, String keptSessionId) {
		Account account = accounts.findById(id).orElseThrow(AccountNotFoundException::new);
		policy.require("new_password", newPassword, account.getUsername(), account.getEmail());
		checkPassword(account, currentPassword, PASSWORD_CHANGE, "current_password");
		account.setPasswordHash(passwords.hash(newPassword));
		events.publishEvent(new AccountEvents.PasswordChanged(id, keptSessionId));
		audit.record(AuditEvent.success(PASSWORD_CHANGE).self(id, account.getUsername()));
		log.info("Password of account {} changed; other sessions revoked", id);
	}

	/**
	 * Deletes the account after checking its password (through the account's lockout, as
	 * {@link #changePassword}); its sessions end and its name is free.
	 */
	@Transactional
	public void delete(long id, String password) {
		Account account = accounts.findById(id).orElseThrow(AccountNotFoundException::new);
		checkPassword(account, password, ACCOUNT_DELETE, "password");
		events.publishEvent(new AccountEvents.AccountDeleted(id));
		accounts.deleteAccount(id);
		cache.evict(account);
		audit.record(AuditEvent.success(ACCOUNT_DELETE).self(id, account.getUsername()));
		log.info("Account {} deleted", id);
	}

	/**
	 * A signed-in caller's password, checked like a login's: same lockout bucket, same
	 * counters.
	 */
	private void checkPassword(Account account, String password, AuditAction action, String field) {
		long id = account.getId();
		Verification<Account> verification = passwords.verify(password,
				() -> Candidate.account(id, account.getPasswordHash(), true, account));
		if (verification.locked()) {
			audit.record(AuditEvent.failure(action).self(id, account.getUsername()).withDetails("locked"));
			throw verification.tooManyAttempts();
		}
		if (!verification.matched()) {
			audit.record(AuditEvent.failure(action).self(id, account.getUsername()).withDetails("wrong password"));
			verification.lockStarted()
				.ifPresent(lock -> audit.record(AuditEvent.failure(LOCKOUT)
					.self(id, account.getUsername())
					.withDetails("locked for " + lock.toSeconds() + " s")));
			throw new InvalidPasswordException(field);
		}
	}

	/**
	 * Accounts whose username starts with {@code prefix} (all when blank), by username.
	 */
	@Transactional(readOnly = true)
	public Page<AccountView> list(String prefix, Pageable page) {
		String normalized = Identifier.normalize(prefix);
		String pattern = normalized.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		return accounts.findByUsernamePrefix(pattern, page).map(AccountView::of);
	}

	/** An admin's change of status or roles; disabling ends every session at once. */
	@Transactional
	public AccountView adminUpdate(String username, AdminUpdate update, long adminId, String adminName) {
		Account account = accounts.findByUsername(Identifier.normalize(username))
			.orElseThrow(AccountNotFoundException::new);
		StringBuilder details = new StringBuilder();
		boolean accessChanged = false;
		if (update.status() != null && !update.status().equals(account.getStatus())) {
			account.setStatus(update.status());
			details.append("status=").append(update.status()).append(' ');
			if (!account.isActive()) {
				events.publishEvent(new AccountEvents.AccountDisabled(account.getId()));
			}
			else {
				accessChanged = true;
			}
		}
		if (update.roles() != null) {
			Set<String> roles = new java.util.TreeSet<>(update.roles());
			roles.add("user");
			accessChanged |= !roles.equals(new java.util.TreeSet<>(account.getRoles()));
			account.setRoles(roles);
			details.append("roles=").append(String.join(",", roles));
		}
		account.touch();
		if (accessChanged) {
			accounts.flush();
			events.publishEvent(new AccountEvents.AccessChanged(account.getId()));
		}
		cache.evict(account);
		audit.record(AuditEvent.success(ADMIN_UPDATE)
			.by(adminId, adminName)
			.on(account.getUsername())
			.withDetails(details.toString().strip()));
		return AccountView.of(account);
	}

}
