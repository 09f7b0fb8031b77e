package dev.authstack.mail;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.authstack.AuthApplication;
import dev.authstack.support.Accounts;
import dev.authstack.support.MailServer;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import dev.authstack.support.TestCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.wiser.Wiser;
import org.subethamail.wiser.WiserMessage;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS to the SMTP server, against a real one that offers and requires STARTTLS, one that
 * speaks TLS from the start (SubEthaSMTP) and one that offers no TLS at all (GreenMail):
 * mail goes out only over TLS to a certificate the service trusts, unless told otherwise.
 */
@ExtendWith(PostgresExtension.class)
class SmtpTlsIT {

	static final TestCertificate certificate = TestCertificate.create("smtp");

	private final List<AutoCloseable> running = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		for (int i = running.size() - 1; i >= 0; i--) {
			running.get(i).close();
		}
	}

	@Test
	void startTlsIsUsedAndTheCertificateChecked() {
		Wiser server = wiser(false, recipient -> !recipient.startsWith("refused"));
		ConfigurableApplicationContext app = app("starttls",
				"smtp://127.0.0.1:" + server.getServer().getPortAllocated(), "auth.smtp.ca=" + certificate.pem());

		String recipient = Accounts.uniqueName("tls") + "@example.com";
		String refused = Accounts.uniqueName("refused") + "@example.com";
		enqueue(app, recipient);
		enqueue(app, refused);

		// the server refuses every command but STARTTLS before TLS: a delivery is a
		// delivery over TLS
		awaitStatus(app, recipient, "sent");
		assertThat(server.getMessages()).extracting(WiserMessage::getEnvelopeReceiver).containsExactly(recipient);
		Map<String, Object> row = awaitStatus(app, refused, "failed");
		assertThat(row.get("attempts")).as("a 5xx for the recipient is final").isEqualTo(1);
		assertThat((String) row.get("last_error")).contains("55");
	}

	@Test
	void withStartTlsRequiredNothingGoesToAServerWithoutIt() {
		MailServer plain = MailServer.startNew();
		running.add(plain);
		ConfigurableApplicationContext app = app("notls", "smtp://127.0.0.1:" + plain.port());
		String recipient = Accounts.uniqueName("clear") + "@example.com";
		enqueue(app, recipient);

		Map<String, Object> row = awaitAttempts(app, recipient, 2);
		assertThat(row.get("status")).isEqualTo("pending");
		assertThat((String) row.get("last_error")).containsIgnoringCase("STARTTLS");
		assertThat(plain.messagesTo(recipient)).isEmpty();
	}

	@Test
	void anUntrustedCertificateIsRefused() {
		Wiser server = wiser(false, recipient -> true);
		ConfigurableApplicationContext app = app("untrusted",
				"smtp://127.0.0.1:" + server.getServer().getPortAllocated());
		String recipient = Accounts.uniqueName("untrusted") + "@example.com";
		enqueue(app, recipient);

		Map<String, Object> row = awaitAttempts(app, recipient, 2);
		assertThat(row.get("status")).isEqualTo("pending");
		assertThat((String) row.get("last_error")).containsIgnoringCase("certification path");
		assertThat(server.getMessages()).isEmpty();
	}

	@Test
	void smtpsSpeaksTlsFromTheFirstByte() {
		Wiser server = wiser(true, recipient -> true);
		ConfigurableApplicationContext app = app("smtps", "smtps://127.0.0.1:" + server.getServer().getPortAllocated(),
				"auth.smtp.ca=" + certificate.pem());
		String recipient = Accounts.uniqueName("smtps") + "@example.com";
		enqueue(app, recipient);

		awaitStatus(app, recipient, "sent");
		assertThat(server.getMessages()).extracting(WiserMessage::getEnvelopeReceiver).containsExactly(recipient);
	}

	private Wiser wiser(boolean implicitTls, Predicate<String> accepts) {
		SMTPServer.Builder builder = new SMTPServer.Builder().bindAddress(InetAddress.getLoopbackAddress())
			.port(0)
			.hostName("localhost");
		if (implicitTls) {
			builder.serverSocketFactory(certificate.serverContext());
		}
		else {
			builder.enableTLS().requireTLS().startTlsSocketFactory(certificate.serverContext());
		}
		Wiser wiser = Wiser.accepter((from, recipient) -> accepts.test(recipient)).server(builder);
		wiser.start();
		running.add(wiser::stop);
		return wiser;
	}

	private ConfigurableApplicationContext app(String name, String smtpUrl, String... more) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
				"--auth.db.url=" + PostgresServer.createDatabase("tls" + name),
				"--auth.db.username=" + PostgresServer.username(), "--auth.smtp.url=" + smtpUrl,
				"--auth.smtp.timeout=2s", "--auth.mail.worker.poll-interval=200ms",
				"--auth.mail.worker.initial-backoff=200ms", "--auth.mail.worker.max-backoff=500ms"));
		for (String setting : more) {
			args.add("--" + setting);
		}
		ConfigurableApplicationContext app = new SpringApplicationBuilder(AuthApplication.class).profiles("test")
			.run(args.toArray(String[]::new));
		running.add(app::close);
		return app;
	}

	private static void enqueue(ConfigurableApplicationContext app, String recipient) {
		Outbox outbox = app.getBean(Outbox.class);
		new TransactionTemplate(app.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> outbox
			.enqueue(OutgoingMail.of("password_changed", recipient, Map.of("username", "tls", "account_id", "0"))));
	}

	private static Map<String, Object> awaitStatus(ConfigurableApplicationContext app, String recipient,
			String status) {
		return await(app, recipient, "status = '" + status + "'");
	}

	private static Map<String, Object> awaitAttempts(ConfigurableApplicationContext app, String recipient,
			int attempts) {
		return await(app, recipient, "attempts >= " + attempts + " and last_error is not null");
	}

	private static Map<String, Object> await(ConfigurableApplicationContext app, String recipient, String condition) {
		JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (System.nanoTime() < deadline) {
			List<Map<String, Object>> rows = jdbc.queryForList(
					"select status, attempts, last_error from mail_outbox where recipient = ? and " + condition,
					recipient);
			if (!rows.isEmpty()) {
				return rows.get(0);
			}
			Thread.onSpinWait();
		}
		throw new AssertionError(recipient + ": no row with " + condition + " in " + jdbc
			.queryForList("select status, attempts, last_error from mail_outbox where recipient = ?", recipient));
	}

}
