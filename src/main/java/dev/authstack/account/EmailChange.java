package dev.authstack.account;

import java.util.Map;

import dev.authstack.audit.AuditEvent;
import dev.authstack.audit.AuditLog;
import dev.authstack.mail.OutgoingMail;
import dev.authstack.mail.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static dev.authstack.audit.AuditAction.EMAIL_CHANGE;
import static dev.authstack.audit.AuditAction.EMAIL_CHANGE_CONFIRM;
import static dev.authstack.audit.AuditAction.EMAIL_CHANGE_REQUEST;
import static dev.authstack.audit.AuditAction.EMAIL_CHANGE_UNDO;

/**
 * Changing the address: the new address must confirm (a mailed link) before it replaces
 * the old one; the old address then gets a notice with a link that undoes the change
 * within the undo window, which also ends every session (whoever changed it may hold
 * one). Without a mail transport (only possible with every mail flow off) the change
 * applies at once, as it did before there was mail.
 */
@Service
public class EmailChange {

	private static final Logger log = LoggerFactory.getLogger(EmailChange.class);

	private final AccountRepository accounts;

	private final AccountTokens tokens;

	private final AccountCache cache;

	private final Outbox outbox;

	private final MailRequestThrottle throttle;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	EmailChange(AccountRepository accounts, AccountTokens tokens, AccountCache cache, Outbox outbox,
			MailRequestThrottle throttle, ApplicationEventPublisher events, AuditLog audit) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.cache = cache;
		this.outbox = outbox;
		this.throttle = throttle;
		this.events = events;
		this.audit = audit;
	}

	/** What a change request did. */
	public enum Result {

		/** The address is the account's already. */
		UNCHANGED,
		/** A confirmation link went to the new address. */
		PENDING,
		/** Changed at once (this instance sends no mail). */
		CHANGED

	}

	/** Whether a change waits for the new address to confirm. */
	public boolean confirmationRequired() {
		return outbox.available();
	}

	@Transactional
	public Result request(long accountId, String newEmail, String clientIp) {
		Account account = accounts.findById(accountId).orElseThrow(AccountNotFoundException::new);
		if (newEmail == null) {
			return Result.UNCHANGED;
		}
		String email = newEmail.strip();
		if (email.equalsIgnoreCase(account.getEmail())) {
			return Result.UNCHANGED;
		}
		if (accounts.existsByEmail(Identifier.normalize(email), email)) {
			throw new AccountTakenException("email");
		}
		if (!confirmationRequired()) {
			account.setEmail(email);
			account.touch();
			flushUnique();
			cache.evict(account);
			audit.record(AuditEvent.success(EMAIL_CHANGE)
				.self(accountId, account.getUsername())
				.withDetails("applied without confirmation (no mail transport)"));
			return Result.CHANGED;
		}
		throttle.check("change", email, clientIp);
		outbox.enqueue(OutgoingMail.of(AccountMails.CHANGE_CONFIRM, email,
				Map.of("account_id", Long.toString(accountId), "email", email)));
		audit.record(AuditEvent.success(EMAIL_CHANGE_REQUEST).self(accountId, account.getUsername()));
		return Result.PENDING;
	}

	/**
	 * The new address confirmed: it replaces the old one, which gets the notice with the
	 * undo link.
	 */
	@Transactional(noRollbackFor = InvalidTokenException.class)
	public void confirm(String token) {
		AccountTokens.Redeemed redeemed = tokens.redeem(token, AccountTokens.Purpose.EMAIL_CHANGE).orElse(null);
		Account account = redeemed == null ? null : accounts.findById(redeemed.accountId()).orElse(null);
		if (account == null) {
			audit.record(AuditEvent.failure(EMAIL_CHANGE_CONFIRM).withDetails("invalid token"));
			throw new InvalidTokenException();
		}
		if (!account.isActive()) {
			audit.record(AuditEvent.failure(EMAIL_CHANGE_CONFIRM)
				.self(account.getId(), account.getUsername())
				.withDetails("account disabled"));
			throw new AccountDisabledException();
		}
		String old = account.getEmail();
		if (!old.equalsIgnoreCase(redeemed.email())) {
			if (accounts.existsByEmail(Identifier.normalize(redeemed.email()), redeemed.email())) {
				throw new AccountTakenException("email");
			}
			account.setEmail(redeemed.email());
			account.touch();
			flushUnique();
			outbox.enqueue(OutgoingMail.of(AccountMails.CHANGED_NOTICE, old,
					Map.of("account_id", account.getId().toString(), "old_email", old, "new_email", redeemed.email())));
		}
		account.markEmailVerified();
		tokens.invalidate(account.getId(), AccountTokens.Purpose.EMAIL_CHANGE, AccountTokens.Purpose.VERIFY_EMAIL,
				AccountTokens.Purpose.PASSWORD_RESET);
		cache.evict(account);
		audit.record(AuditEvent.success(EMAIL_CHANGE)
			.self(account.getId(), account.getUsername())
			.withDetails("confirmed by the new address"));
		log.info("Email address of account {} changed (confirmed by the new address)", account.getId());
	}

	/**
	 * The old address undid the change: it is the account's address again, every link
	 * mailed since stops working and every session ends.
	 */
	@Transactional(noRollbackFor = InvalidTokenException.class)
	public void undo(String token) {
		AccountTokens.Redeemed redeemed = tokens.redeem(token, AccountTokens.Purpose.EMAIL_CHANGE_UNDO).orElse(null);
		Account account = redeemed == null ? null : accounts.findById(redeemed.accountId()).orElse(null);
		if (account == null) {
			audit.record(AuditEvent.failure(EMAIL_CHANGE_UNDO).withDetails("invalid token"));
			throw new InvalidTokenException();
		}
		if (!account.getEmail().equalsIgnoreCase(redeemed.email())) {
			if (accounts.existsByEmail(Identifier.normalize(redeemed.email()), redeemed.email())) {
				throw new AccountTakenException("email");
			}
			account.setEmail(redeemed.email());
			account.touch();
			flushUnique();
		}
		account.markEmailVerified();
		tokens.invalidate(account.getId(), AccountTokens.Purpose.values());
		events.publishEvent(new AccountEvents.EmailChangeUndone(account.getId()));
		cache.evict(account);
		audit.record(AuditEvent.success(EMAIL_CHANGE_UNDO)
			.self(account.getId(), account.getUsername())
			.withDetails("address restored, every session ended"));
		log.info("Email change of account {} undone by the old address; every session revoked", account.getId());
	}

	private void flushUnique() {
		try {
			accounts.flush();
		}
		catch (DataIntegrityViolationException ex) {
			throw new AccountTakenException("email");
		}
	}

}
