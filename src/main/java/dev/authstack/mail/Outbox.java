package dev.authstack.mail;

import java.util.Locale;
import java.util.UUID;

import org.slf4j.MDC;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queues mail in the caller's transaction: the message exists exactly when the change it
 * tells about committed, and nothing is sent while the request runs. The worker is woken
 * once the transaction has committed.
 */
@Service
public class Outbox {

	private final OutboxRepository repository;

	private final OutboxWorker worker;

	private final MailTransports transports;

	private final String messageIdDomain;

	Outbox(OutboxRepository repository, OutboxWorker worker, MailTransports transports, MailProperties properties) {
		this.repository = repository;
		this.worker = worker;
		this.transports = transports;
		String from = properties.from().strip();
		this.messageIdDomain = from.substring(from.lastIndexOf('@') + 1);
	}

	/** Whether this instance can send mail at all (SMTP, or files where allowed). */
	public boolean available() {
		return transports.transport().isPresent();
	}

	/**
	 * Queues a message; must run inside the transaction of the change. Without a
	 * transport: nothing.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void enqueue(OutgoingMail mail) {
		insert(mail, true);
	}

	/**
	 * Queues a message for the worker's next look (within the poll interval) instead of
	 * waking it: for requests whose answer must not depend on what the message turns out
	 * to be, so the worker's work for it never runs alongside the request's last steps.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void enqueueUnhurried(OutgoingMail mail) {
		insert(mail, false);
	}

	private void insert(OutgoingMail mail, boolean wake) {
		if (!available()) {
			return;
		}
		if (!worker.knows(mail.kind())) {
			throw new IllegalArgumentException("No mail composer for kind " + mail.kind());
		}
		// the recipient is checked when the message is made: one that is no plain address
		// is refused there, for good, and never reaches a header
		Locale locale = LocaleContextHolder.getLocale();
		String messageId = "<" + UUID.randomUUID() + "@" + messageIdDomain + ">";
		repository.insert(mail, locale.toLanguageTag(), messageId, MDC.get("request_id"));
		if (!wake) {
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				worker.wake();
			}
		});
	}

}
