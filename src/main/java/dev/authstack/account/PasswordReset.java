package dev.authstack.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.authstack.audit.AuditEvent;
import dev.authstack.audit.AuditLog;
import dev.authstack.mail.OutgoingMail;
import dev.authstack.mail.Outbox;
import dev.authstack.password.PasswordPolicy;
import dev.authstack.password.Passwords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.authstack.audit.AuditAction.PASSWORD_RESET;
import static dev.authstack.audit.AuditAction.PASSWORD_RESET_REQUEST;

/**
 * "Forgot password": a mailed link (30 minutes, single use, void once a newer one is
 * asked for) that sets a new password, ends every session of the account and mails a
 * notice.
 * <p>
 * Asking is enumeration-safe by construction: the request only queues a message with the
 * submitted address, the same statements whether or not an account uses it; which account
 * (if any) gets a link is decided when the message is made, off the request path. No mail
 * goes to an address without an active account.
 */
@Service
public class PasswordReset {

	private static final Logger log = LoggerFactory.getLogger(PasswordReset.class);

	/**
	 * A request not sent within this time (SMTP down) is no longer what the user is
	 * waiting for.
	 */
	private static final Duration REQUEST_EXPIRY = Duration.ofHours(1);

	private final AccountRepository accounts;

	private final AccountTokens tokens;

	private final AccountCache cache;

	private final Outbox outbox;

	private final MailRequestThrottle throttle;

	private final Passwords passwords;

	private final PasswordPolicy policy;

	private final ApplicationEventPublisher events;

	private final EmailProperties properties;

	private final AuditLog audit;

	private final TransactionTemplate transaction;

	PasswordReset(AccountRepository accounts, AccountTokens tokens, AccountCache cache, Outbox outbox,
			MailRequestThrottle throttle, Passwords passwords, PasswordPolicy policy, ApplicationEventPublisher events,
			EmailProperties properties, AuditLog audit, PlatformTransactionManager transactions) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.cache = cache;
		this.outbox = outbox;
		this.throttle = throttle;
		this.passwords = passwords;
		this.policy = policy;
		this.events = events;
		this.properties = properties;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactions);
	}

	public boolean enabled() {
		return properties.passwordReset() && outbox.available();
	}

	/**
	 * Queues a reset link for whatever active account uses {@code email}; the same for
	 * any address.
	 */
	public void forgot(String email, String clientIp) {
		if (!enabled()) {
			throw new DisabledException();
		}
		throttle.check("reset", email, clientIp);
		audit.record(AuditEvent.success(PASSWORD_RESET_REQUEST));
		// not woken: the worker's work for this message (more for a known address) must
		// not run alongside this request's answer
		transaction.executeWithoutResult(status -> outbox.enqueueUnhurried(new OutgoingMail(AccountMails.RESET, email,
				Map.of("email", email), Instant.now().plus(REQUEST_EXPIRY))));
	}

	/**
	 * Sets a new password with a mailed token: the token is spent, every session of the
	 * account ends, the other reset links stop working, the address counts as verified
	 * (the link reached it) and a notice is mailed.
	 */
	public void reset(String token, String newPassword) {
		// the account-independent rules first: a refused password leaves the link usable
		policy.require("new_password", newPassword, null, null);
		// junk and spent tokens are refused before a hash is computed for them
		if (!tokens.redeemable(token, AccountTokens.Purpose.PASSWORD_RESET)) {
			refused(null, "invalid token");
		}
		String hash = passwords.hash(newPassword);
		Account account = transaction.execute(status -> {
			AccountTokens.Redeemed redeemed = tokens.redeem(token, AccountTokens.Purpose.PASSWORD_RESET).orElse(null);
			if (redeemed == null) {
				// another request with the same token won
				return null;
			}
			Account found = accounts.findById(redeemed.accountId()).orElse(null);
			if (found == null || !found.getEmail().equalsIgnoreCase(redeemed.email())) {
				return null;
			}
			if (!found.isActive()) {
				status.setRollbackOnly();
				return found;
			}
			// the rules about this account; refusing rolls the redemption back, so the
			// link stays usable
			policy.require("new_password", newPassword, found.getUsername(), found.getEmail());
			found.setPasswordHash(hash);
			found.markEmailVerified();
			tokens.invalidate(found.getId(), AccountTokens.Purpose.PASSWORD_RESET);
			events.publishEvent(new AccountEvents.PasswordChanged(found.getId(), null));
			cache.evict(found);
			outbox.enqueue(OutgoingMail.of(AccountMails.PASSWORD_CHANGED, found.getEmail(),
					Map.of("account_id", found.getId().toString(), "username", found.getUsername())));
			return found;
		});
		if (account == null) {
			refused(null, "invalid token");
		}
		if (!account.isActive()) {
			audit.record(AuditEvent.failure(PASSWORD_RESET)
				.self(account.getId(), account.getUsername())
				.withDetails("account disabled"));
			throw new AccountDisabledException();
		}
		audit.record(AuditEvent.success(PASSWORD_RESET)
			.self(account.getId(), account.getUsername())
			.withDetails("every session ended"));
		log.info("Password of account {} reset by mailed link; every session revoked", account.getId());
	}

	private void refused(Long accountId, String reason) {
		audit.record(AuditEvent.failure(PASSWORD_RESET).by(accountId, null).withDetails(reason));
		throw new InvalidTokenException();
	}

	/**
	 * Password reset is switched off (AUTH_PASSWORD_RESET=false) or this instance sends
	 * no mail.
	 */
	public static class DisabledException extends dev.authstack.system.DomainException {

		DisabledException() {
			super(org.springframework.http.HttpStatus.NOT_FOUND, "Not Found", "Password reset is not enabled");
		}

	}

}
