package dev.authstack.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import dev.authstack.account.Account;
import dev.authstack.account.AccountService;
import dev.authstack.account.EmailVerification;
import dev.authstack.audit.AuditLog;
import dev.authstack.audit.AuditLog.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Checks a username or email and a password. Every path that reaches the hash costs exactly one
 * verification, including unknown identifiers (checked against a dummy hash of the same
 * parameters), so neither the answer nor its timing tells whether an account exists. A locked
 * identifier is refused before any hash is computed.
 */
@Service
public class LoginService {

	private static final Logger log = LoggerFactory.getLogger(LoginService.class);

	private final AccountService accounts;

	private final PasswordEncoder passwordEncoder;

	private final LoginThrottle throttle;

	private final AuditLog audit;

	private final EmailVerification verification;

	private final String dummyHash;

	private final Counter verifications;

	private final Counter successes;

	private final Counter failures;

	private final Counter lockouts;

	private final Counter refusedWhileLocked;

	LoginService(AccountService accounts, PasswordEncoder passwordEncoder, LoginThrottle throttle, AuditLog audit,
			EmailVerification verification, MeterRegistry meters) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.throttle = throttle;
		this.audit = audit;
		this.verification = verification;
		this.dummyHash = passwordEncoder.encode(UUID.randomUUID().toString());
		this.verifications = Counter.builder("authstack.password.verifications")
			.description("Password hash verifications at login")
			.register(meters);
		this.successes = logins(meters, "success");
		this.failures = logins(meters, "failure");
		this.lockouts = logins(meters, "lockout");
		this.refusedWhileLocked = logins(meters, "locked");
	}

	private static Counter logins(MeterRegistry meters, String result) {
		return Counter.builder("authstack.logins")
			.description("Login attempts by result: success, failure, lockout (this failure locked), locked (refused while locked)")
			.tag("result", result)
			.register(meters);
	}

	/** The account, or {@link InvalidCredentialsException} for any failure. */
	public Account authenticate(String identifier, String password) {
		String submitted = identifier == null ? "" : identifier;
		try {
			throttle.check(submitted);
		}
		catch (AccountLockedException ex) {
			refusedWhileLocked.increment();
			audit.record("login", Outcome.FAILURE, null, null, null, "locked");
			throw ex;
		}
		Optional<Account> found = identifier == null || identifier.isBlank() ? Optional.empty()
				: accounts.findByIdentifier(identifier);
		String hash = found.map(Account::getPasswordHash).orElse(dummyHash);
		verifications.increment();
		boolean matches = passwordEncoder.matches(password == null ? "" : password, hash);
		if (found.isEmpty() || !matches || !found.get().isActive()) {
			failures.increment();
			Long accountId = found.map(Account::getId).orElse(null);
			String username = found.map(Account::getUsername).orElse(null);
			audit.record("login", Outcome.FAILURE, accountId, username, username,
					found.isEmpty() ? "unknown identifier" : (matches ? "account disabled" : "wrong password"));
			Optional<Duration> locked = throttle.failed(submitted);
			if (locked.isPresent()) {
				lockouts.increment();
				audit.record("lockout", Outcome.FAILURE, accountId, username, username,
						"locked for " + locked.get().toSeconds() + " s");
			}
			throw new InvalidCredentialsException();
		}
		Account account = found.get();
		throttle.succeeded(submitted);
		// under AUTH_EMAIL_VERIFICATION=required: a distinct answer, given only now the password was right
		verification.checkMayLogin(account);
		if (passwordEncoder.upgradeEncoding(hash)) {
			accounts.replacePasswordHash(account.getId(), hash, passwordEncoder.encode(password));
			log.info("Password hash of account {} upgraded to the current parameters", account.getId());
		}
		successes.increment();
		audit.record("login", Outcome.SUCCESS, account.getId(), account.getUsername(), account.getUsername(), null);
		return account;
	}

}
