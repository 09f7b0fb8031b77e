package dev.authstack.support;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Settings for a test application that sends real mail: a database of its own (so no
 * other test class's outbox worker, alive in Spring's context cache, can take its
 * messages) and the shared SMTP server, with retries fast enough for a test.
 */
public final class MailApp {

	private MailApp() {
	}

	/**
	 * Registers a fresh database and the shared SMTP server; call from
	 * a @DynamicPropertySource.
	 */
	public static void register(DynamicPropertyRegistry registry, String databasePrefix) {
		String url = PostgresServer.createDatabase(databasePrefix);
		registry.add("auth.db.url", () -> url);
		registry.add("auth.db.username", PostgresServer::username);
		smtp(registry, MailServer.shared());
	}

	public static void smtp(DynamicPropertyRegistry registry, MailServer server) {
		registry.add("auth.smtp.url", server::url);
		registry.add("auth.smtp.password", server::password);
		// GreenMail speaks no STARTTLS; SmtpTlsIT covers the TLS paths
		registry.add("auth.smtp.starttls", () -> "off");
		registry.add("auth.mail.worker.initial-backoff", () -> "200ms");
		registry.add("auth.mail.worker.max-backoff", () -> "1s");
		registry.add("auth.mail.worker.poll-interval", () -> "200ms");
	}

}
