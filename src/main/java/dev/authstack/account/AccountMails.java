package dev.authstack.account;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.authstack.mail.ComposedMail;
import dev.authstack.mail.MailComposer;
import dev.authstack.mail.MailLinks;
import dev.authstack.mail.PendingMail;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The messages accounts receive, made when the outbox sends them. Links are minted here,
 * at sending time, so no token is ever stored in clear (the outbox keeps only what the
 * message is about) and every link is fresh when it arrives. Each composer looks at the
 * account as it is now: a message that no longer applies (the address changed, is
 * verified already, belongs to no active account) is dropped.
 */
@Configuration(proxyBeanMethods = false)
class AccountMails {

	/** Verification at signup or from the account page: params account_id. */
	static final String VERIFY = "verify_email";

	/** Verification asked for by address, signed out: params email. */
	static final String VERIFY_BY_ADDRESS = "verify_email_by_address";

	/** A password reset link: params email (the address as submitted). */
	static final String RESET = "password_reset";

	/** "Your password was changed": params account_id, username. */
	static final String PASSWORD_CHANGED = "password_changed";

	/** Confirm a new address: params account_id, email (the new address). */
	static final String CHANGE_CONFIRM = "email_change_confirm";

	/**
	 * To the old address once a change is confirmed, with the undo link: params
	 * account_id, old_email, new_email.
	 */
	static final String CHANGED_NOTICE = "email_changed";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final AccountRepository accounts;

	private final AccountTokens tokens;

	private final MailLinks links;

	private final EmailProperties properties;

	AccountMails(AccountRepository accounts, AccountTokens tokens, MailLinks links, EmailProperties properties) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.links = links;
		this.properties = properties;
	}

	@Bean
	MailComposer verifyEmailComposer() {
		return MailComposer.of(VERIFY, mail -> accountOf(mail).flatMap(account -> verification(account, mail)));
	}

	@Bean
	MailComposer verifyEmailByAddressComposer() {
		return MailComposer.of(VERIFY_BY_ADDRESS,
				mail -> accounts.findByEmail(Identifier.normalize(mail.param("email")))
					.flatMap(account -> verification(account, mail)));
	}

	private Optional<ComposedMail> verification(Account account, PendingMail mail) {
		if (!account.isActive() || account.isEmailVerified()
				|| (mail.recipient() != null && !account.getEmail().equalsIgnoreCase(mail.recipient()))) {
			return Optional.empty();
		}
		String token = tokens.mint(account.getId(), AccountTokens.Purpose.VERIFY_EMAIL, account.getEmail(),
				properties.verificationTtl());
		return Optional.of(new ComposedMail(account.getEmail(), "verify-email", variables(account, "link",
				links.withToken("/verify-email", token), "hours", properties.verificationTtl().toHours())));
	}

	@Bean
	MailComposer passwordResetComposer() {
		// no account, or a disabled one: nothing is sent (the service mails no one who
		// has no account)
		return MailComposer.of(RESET,
				mail -> accounts.findByEmail(Identifier.normalize(mail.param("email")))
					.filter(Account::isActive)
					.map(account -> {
						String token = tokens.mint(account.getId(), AccountTokens.Purpose.PASSWORD_RESET,
								account.getEmail(), properties.resetTtl());
						return new ComposedMail(account.getEmail(), "password-reset",
								variables(account, "link", links.withToken("/reset-password", token), "minutes",
										properties.resetTtl().toMinutes()));
					}));
	}

	@Bean
	MailComposer passwordChangedComposer() {
		return MailComposer.of(PASSWORD_CHANGED,
				mail -> Optional.of(new ComposedMail(mail.recipient(), "password-changed",
						Map.of("username", mail.param("username"), "time", TIME.format(mail.createdAt()), "resetLink",
								links.page("/forgot-password")))));
	}

	@Bean
	MailComposer emailChangeConfirmComposer() {
		return MailComposer.of(CHANGE_CONFIRM, mail -> accountOf(mail).filter(Account::isActive).map(account -> {
			String address = mail.param("email");
			String token = tokens.mint(account.getId(), AccountTokens.Purpose.EMAIL_CHANGE, address,
					properties.changeTtl());
			return new ComposedMail(address, "email-change-confirm",
					variables(account, "link", links.withToken("/confirm-email", token), "hours",
							properties.changeTtl().toHours(), "newEmail", address));
		}));
	}

	@Bean
	MailComposer emailChangedComposer() {
		return MailComposer.of(CHANGED_NOTICE, mail -> accountOf(mail).map(account -> {
			String old = mail.param("old_email");
			String token = tokens.mint(account.getId(), AccountTokens.Purpose.EMAIL_CHANGE_UNDO, old,
					properties.undoWindow());
			return new ComposedMail(old, "email-changed",
					variables(account, "link", links.withToken("/undo-email-change", token), "days",
							properties.undoWindow().toDays(), "newEmail", mail.param("new_email"), "time",
							TIME.format(mail.createdAt())));
		}));
	}

	private Optional<Account> accountOf(PendingMail mail) {
		String id = mail.param("account_id");
		return id == null ? Optional.empty() : accounts.findById(Long.parseLong(id));
	}

	private static Map<String, Object> variables(Account account, Object... pairs) {
		Map<String, Object> variables = new HashMap<>();
		variables.put("username", account.getUsername());
		for (int i = 0; i < pairs.length; i += 2) {
			variables.put((String) pairs[i], pairs[i + 1]);
		}
		return variables;
	}

}
