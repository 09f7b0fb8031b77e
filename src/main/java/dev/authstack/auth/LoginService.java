package dev.authstack.auth;

import dev.authstack.account.Account;
import dev.authstack.account.AccountService;
import dev.authstack.account.EmailVerification;
import dev.authstack.account.Identifier;
import dev.authstack.audit.AuditEvent;
import dev.authstack.audit.AuditLog;
import dev.authstack.password.PasswordHashingBusyException;
import dev.authstack.password.Passwords;
import dev.authstack.password.Passwords.Candidate;
import dev.authstack.password.Passwords.Verification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import static dev.authstack.audit.AuditAction.LOCKOUT;
import static dev.authstack.audit.AuditAction.LOGIN;

/**
 * Checks a username or email and a password, through {@link Passwords#verify}: shed when
 * hashing is full, counted per account once the identifier resolves (every spelling of it
 * alike), per normalised identifier otherwise, refused without a hash while locked. Every
 * path that reaches the hash costs the same verification, unknown identifiers included (a
 * dummy hash of the same parameters), so neither the answer nor its timing tells whether
 * an account exists.
 */
@Service
public class LoginService {

	private static final Logger log = LoggerFactory.getLogger(LoginService.class);

	private final AccountService accounts;

	private final Passwords passwords;

	private final AuditLog audit;

	private final EmailVerification emailVerification;

	private final Counter successes;

	private final Counter failures;

	private final Counter lockouts;

	private final Counter refusedWhileLocked;

	private final Counter shed;

	LoginService(AccountService accounts, Passwords passwords, AuditLog audit, EmailVerification emailVerification,
			MeterRegistry meters) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.audit = audit;
		this.emailVerification = emailVerification;
		this.successes = logins(meters, "success");
		this.failures = logins(meters, "failure");
		this.lockouts = logins(meters, "lockout");
		this.refusedWhileLocked = logins(meters, "locked");
		this.shed = logins(meters, "shed");
	}

	private static Counter logins(MeterRegistry meters, String result) {
		return Counter.builder("authstack.logins")
			.description("Login attempts by result: success, failure, lockout (this failure locked), "
					+ "locked (refused while locked), shed (hashing full: 503)")
			.tag("result", result)
			.register(meters);
	}

	/**
	 * The account; {@link InvalidCredentialsException} for any failure
	 * ({@link AccountLockedException}, with Retry-After, while locked);
	 * {@link PasswordHashingBusyException} when shed.
	 */
	public Account authenticate(String identifier, String password) {
		String normalized = Identifier.normalize(identifier);
		Verification<Account> verification;
		try {
			verification = passwords.verify(password, () -> lookup(normalized));
		}
		catch (PasswordHashingBusyException ex) {
			shed.increment();
			throw ex;
		}
		Account found = verification.subject();
		Long accountId = found == null ? null : found.getId();
		String username = found == null ? null : found.getUsername();
		if (verification.locked()) {
			refusedWhileLocked.increment();
			audit.record(AuditEvent.failure(LOGIN).self(accountId, username).withDetails("locked"));
			throw new AccountLockedException(verification.delay());
		}
		if (!verification.matched()) {
			failures.increment();
			audit.record(AuditEvent.failure(LOGIN)
				.self(accountId, username)
				.withDetails(found == null ? "unknown identifier"
						: (found.isActive() ? "wrong password" : "account disabled")));
			verification.lockStarted().ifPresent(lock -> {
				lockouts.increment();
				audit.record(AuditEvent.failure(LOCKOUT)
					.self(accountId, username)
					.withDetails("locked for " + lock.toSeconds() + " s"));
			});
			throw new InvalidCredentialsException();
		}
		// under AUTH_EMAIL_VERIFICATION=required: a distinct answer, given only now the
		// password was right
		emailVerification.checkMayLogin(found);
		if (verification.rehash()) {
			rehash(found, password);
		}
		successes.increment();
		audit.record(AuditEvent.success(LOGIN).self(found.getId(), found.getUsername()));
		return found;
	}

	private Candidate<Account> lookup(String normalized) {
		return (normalized.isEmpty() ? java.util.Optional.<Account>empty() : accounts.findByIdentifier(normalized))
			.map(account -> Candidate.account(account.getId(), account.getPasswordHash(), account.isActive(), account))
			.orElseGet(() -> Candidate.unknown(normalized));
	}

	/**
	 * Old parameters, or hashed before passwords were normalised: store a current hash.
	 */
	private void rehash(Account account, String password) {
		try {
			accounts.replacePasswordHash(account.getId(), account.getPasswordHash(), passwords.hash(password));
			log.info("Password hash of account {} upgraded to the current form and parameters", account.getId());
		}
		catch (PasswordHashingBusyException ex) {
			// the next login will do it
		}
	}

}
