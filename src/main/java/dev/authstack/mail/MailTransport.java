package dev.authstack.mail;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** Where messages go: an SMTP server, or files. */
interface MailTransport {

	/** For logs and health: where messages go, never a password. */
	String describe();

	/** The short name in metrics and health: "smtp" or "file". */
	String kind();

	Session session();

	/**
	 * Delivers one message; {@link DeliveryException#permanent()} says whether to try
	 * again.
	 */
	void send(MimeMessage message, String name) throws DeliveryException;

}
