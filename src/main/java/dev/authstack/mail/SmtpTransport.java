package dev.authstack.mail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Delivery through Spring's {@link JavaMailSenderImpl}. On {@code smtp://} STARTTLS is
 * required (the message is never sent in clear to a server that does not offer it) unless
 * {@code AUTH_SMTP_STARTTLS=off}; {@code smtps://} is TLS from the start. Certificates
 * are verified, host name included, against the JVM's trust store or
 * {@code AUTH_SMTP_CA}. Every network step has a timeout, so a server that hangs costs
 * one timeout per attempt.
 */
class SmtpTransport implements MailTransport {

	private final JavaMailSenderImpl sender;

	private final String description;

	SmtpTransport(SmtpProperties properties) {
		SmtpProperties.Endpoint endpoint = properties.endpoint();
		String protocol = endpoint.implicitTls() ? "smtps" : "smtp";
		this.sender = new JavaMailSenderImpl();
		sender.setProtocol(protocol);
		sender.setHost(endpoint.host());
		sender.setPort(endpoint.port());
		sender.setUsername(endpoint.user());
		sender.setPassword(endpoint.password());
		sender.setDefaultEncoding("UTF-8");
		Properties mail = new Properties();
		String prefix = "mail." + protocol + ".";
		mail.put(prefix + "connectiontimeout", Long.toString(properties.connectTimeout().toMillis()));
		mail.put(prefix + "timeout", Long.toString(properties.timeout().toMillis()));
		mail.put(prefix + "writetimeout", Long.toString(properties.timeout().toMillis()));
		mail.put(prefix + "auth", Boolean.toString(endpoint.user() != null));
		// the message is delivered once the server said 250 to it; a lost answer to QUIT
		// must not turn that into a failure (and a second copy)
		mail.put(prefix + "quitwait", "false");
		// the EHLO name, found once: unset, Jakarta Mail looks the canonical host name up
		// in DNS for every connection
		mail.put(prefix + "localhost", localHostName());
		mail.put(prefix + "ssl.checkserveridentity", "true");
		mail.put(prefix + "ssl.protocols", "TLSv1.3 TLSv1.2");
		boolean starttls = !endpoint.implicitTls() && properties.starttls() == SmtpProperties.StartTls.REQUIRED;
		if (starttls) {
			mail.put(prefix + "starttls.enable", "true");
			mail.put(prefix + "starttls.required", "true");
		}
		if (!properties.ca().isBlank()) {
			mail.put(prefix + "ssl.socketFactory", socketFactory(properties.ca()));
		}
		sender.setJavaMailProperties(mail);
		this.description = endpoint.display() + (endpoint.implicitTls() ? " (TLS)"
				: starttls ? " (STARTTLS required)" : " (no TLS: AUTH_SMTP_STARTTLS=off)");
	}

	@Override
	public String describe() {
		return description;
	}

	@Override
	public String kind() {
		return "smtp";
	}

	@Override
	public Session session() {
		return sender.getSession();
	}

	@Override
	public void send(MimeMessage message, String name) throws DeliveryException {
		try {
			sender.send(message);
		}
		catch (MailSendException ex) {
			if (ex.getFailedMessages().isEmpty()) {
				// only closing the connection failed, after the server had accepted the
				// message
				return;
			}
			Exception cause = ex.getFailedMessages().values().iterator().next();
			throw new DeliveryException(summary(cause), permanent(cause), cause);
		}
		catch (MailAuthenticationException ex) {
			throw new DeliveryException("the SMTP server refused the login: " + summary(ex.getCause()), false, ex);
		}
		catch (MailException ex) {
			throw new DeliveryException(summary(ex), false, ex);
		}
	}

	/**
	 * A 5xx answer to this message (a refused recipient, a rejected message) will not
	 * change.
	 */
	static boolean permanent(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof SMTPAddressFailedException refused) {
				return refused.getReturnCode() >= 500;
			}
			if (t instanceof SMTPSendFailedException rejected) {
				return rejected.getReturnCode() >= 500;
			}
			if (t instanceof SendFailedException sendFailed) {
				Exception next = sendFailed.getNextException();
				if (next != null && next != t && permanent(next)) {
					return true;
				}
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

	/** The failure in a few words, from the innermost cause that says something. */
	static String summary(Throwable failure) {
		StringBuilder summary = new StringBuilder();
		for (Throwable t = failure; t != null && summary.length() < 400; t = next(t)) {
			String message = t.getMessage();
			if (message != null && !message.isBlank() && summary.indexOf(message.strip()) < 0) {
				if (!summary.isEmpty()) {
					summary.append(": ");
				}
				summary.append(t.getClass().getSimpleName()).append(' ').append(message.strip());
			}
		}
		String text = summary.isEmpty() ? String.valueOf(failure) : summary.toString();
		return text.replaceAll("[\\r\\n\\t]+", " ");
	}

	private static Throwable next(Throwable t) {
		Throwable next = t instanceof MessagingException messaging && messaging.getNextException() != null
				? messaging.getNextException() : t.getCause();
		return next == t ? null : next;
	}

	private static String localHostName() {
		try {
			String name = java.net.InetAddress.getLocalHost().getHostName();
			return name == null || name.isBlank() ? "localhost" : name;
		}
		catch (java.net.UnknownHostException ex) {
			return "localhost";
		}
	}

	private static SSLSocketFactory socketFactory(String pem) {
		try {
			CertificateFactory certificates = CertificateFactory.getInstance("X.509");
			Collection<? extends Certificate> trusted = certificates
				.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
			if (trusted.isEmpty()) {
				throw new IllegalStateException("AUTH_SMTP_CA holds no certificate");
			}
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			int i = 0;
			for (Certificate certificate : trusted) {
				store.setCertificateEntry("smtp-ca-" + i++, certificate);
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(store);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context.getSocketFactory();
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			throw new IllegalStateException("AUTH_SMTP_CA is not a PEM list of certificates: " + ex.getMessage(), ex);
		}
	}

}
