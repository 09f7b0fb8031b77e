package dev.authstack.mail;

import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one transport of this instance: SMTP when {@code AUTH_SMTP_URL} is set, else
 * {@code .eml} files where the profile allows it (not {@code prod}), else none (nothing
 * is queued then, and a feature that needs mail refuses to start).
 */
final class MailTransports {

	private static final Logger log = LoggerFactory.getLogger(MailTransports.class);

	private final Optional<MailTransport> transport;

	private MailTransports(Optional<MailTransport> transport) {
		this.transport = transport;
	}

	static MailTransports of(SmtpProperties smtp, MailProperties mail) {
		MailRenderer.sender(mail.from(), mail.fromName());
		if (smtp.configured()) {
			SmtpTransport transport = new SmtpTransport(smtp);
			log.info("Mail goes to {} as {}", transport.describe(), mail.from());
			return new MailTransports(Optional.of(transport));
		}
		if (mail.fileTransport()) {
			FileTransport transport = new FileTransport(Path.of(mail.fileDir()));
			// the one line that says where; the messages themselves (and their links)
			// stay in the files
			log.info("No SMTP server configured (AUTH_SMTP_URL): mail is written to {}/*.eml", transport.directory());
			return new MailTransports(Optional.of(transport));
		}
		log.info("No SMTP server configured (AUTH_SMTP_URL) and this profile writes no mail files: no mail is sent");
		return new MailTransports(Optional.empty());
	}

	Optional<MailTransport> transport() {
		return transport;
	}

}
