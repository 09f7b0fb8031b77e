package dev.authstack.account;

import java.util.Map;

import dev.authstack.audit.AuditEvent;
import dev.authstack.audit.AuditLog;
import dev.authstack.mail.OutgoingMail;
import dev.authstack.mail.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static dev.authstack.audit.AuditAction.EMAIL_VERIFICATION_REQUEST;
import static dev.authstack.audit.AuditAction.EMAIL_VERIFY;
import static dev.authstack.audit.AuditAction.LOGIN;

/**
 * Email verification: a link mailed at signup (unless AUTH_EMAIL_VERIFICATION=off),
 * mailed again on request (throttled, and answered alike whether or not the address has
 * an account), and followed to mark the address verified. Under {@code required} a
 * correct password for an unverified address gets a distinct answer instead of a session.
 */
@Service
public class EmailVerification {

	private static final Logger log = LoggerFactory.getLogger(EmailVerification.class);

	private final AccountRepository accounts;

	private final AccountTokens tokens;

	private final AccountCache cache;

	private final Outbox outbox;

	private final MailRequestThrottle throttle;

	private final EmailProperties properties;

	private final AuditLog audit;

	EmailVerification(AccountRepository accounts, AccountTokens tokens, AccountCache cache, Outbox outbox,
			MailRequestThrottle throttle, EmailProperties properties, AuditLog audit) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.cache = cache;
		this.outbox = outbox;
		this.throttle = throttle;
		this.properties = properties;
		this.audit = audit;
	}

	/** Whether signing in waits for a verified address. */
	public boolean required() {
		return properties.verification() == EmailProperties.Verification.REQUIRED;
	}

	/** Whether signup and the account page offer verification at all. */
	public boolean enabled() {
		return properties.verification() != EmailProperties.Verification.OFF && outbox.available();
	}

	/** Queues the first link, in the signup's transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	void signedUp(Account account) {
		if (enabled()) {
			outbox.enqueue(OutgoingMail.of(AccountMails.VERIFY, account.getEmail(),
					Map.of("account_id", account.getId().toString())));
		}
	}

	/**
	 * A new link for whatever account uses {@code email}, if it is unverified. The same
	 * work and answer whatever the address: the lookup happens when the message is made,
	 * not here.
	 */
	@Transactional
	public void resend(String email, String clientIp) {
		if (!enabled()) {
			return;
		}
		throttle.check("verify", email, clientIp);
		audit.record(AuditEvent.success(EMAIL_VERIFICATION_REQUEST));
		outbox.enqueueUnhurried(OutgoingMail.of(AccountMails.VERIFY_BY_ADDRESS, email, Map.of("email", email)));
	}

	/** A new link for a signed-in account's own address. */
	@Transactional
	public void resendToAccount(long accountId, String clientIp) {
		Account account = accounts.findById(accountId).orElseThrow(AccountNotFoundException::new);
		if (!enabled() || account.isEmailVerified()) {
			return;
		}
		throttle.check("verify", account.getEmail(), clientIp);
		outbox.enqueue(OutgoingMail.of(AccountMails.VERIFY, account.getEmail(),
				Map.of("account_id", account.getId().toString())));
		audit.record(AuditEvent.success(EMAIL_VERIFICATION_REQUEST).self(accountId, account.getUsername()));
	}

	/**
	 * Marks the address verified; {@link InvalidTokenException} for a link that does
	 * nothing.
	 */
	@Transactional(noRollbackFor = InvalidTokenException.class)
	public void verify(String token) {
		AccountTokens.Redeemed redeemed = tokens.redeem(token, AccountTokens.Purpose.VERIFY_EMAIL).orElse(null);
		Account account = redeemed == null ? null : accounts.findById(redeemed.accountId()).orElse(null);
		if (account == null || !account.getEmail().equalsIgnoreCase(redeemed.email())) {
			audit.record(AuditEvent.failure(EMAIL_VERIFY)
				.by(account == null ? null : account.getId(), account == null ? null : account.getUsername())
				.withDetails("invalid token"));
			throw new InvalidTokenException();
		}
		if (!account.isEmailVerified()) {
			account.markEmailVerified();
			cache.evict(account);
		}
		audit.record(AuditEvent.success(EMAIL_VERIFY).self(account.getId(), account.getUsername()));
		log.info("Email address of account {} verified", account.getId());
	}

	/**
	 * Called by login once the password was right: under {@code required}, an unverified
	 * address is refused with {@link EmailNotVerifiedException}.
	 */
	public void checkMayLogin(Account account) {
		if (required() && !account.isEmailVerified()) {
			audit.record(AuditEvent.failure(LOGIN)
				.self(account.getId(), account.getUsername())
				.withDetails("email not verified"));
			throw new EmailNotVerifiedException();
		}
	}

}
