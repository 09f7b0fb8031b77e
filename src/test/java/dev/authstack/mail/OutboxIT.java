package dev.authstack.mail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.authstack.AuthApplication;
import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.MailServer;
import dev.authstack.support.PostgresServer;
import dev.authstack.support.SmtpProxy;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox against a real SMTP server (GreenMail) behind a hop that can refuse, hang
 * and drop connections: nothing is lost, nothing is sent twice, requests never wait for
 * mail, and a second replica or a crashed one changes neither.
 */
@IntegrationTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OutboxIT {

	static final MailServer smtp = MailServer.startNew();

	static final SmtpProxy proxy = new SmtpProxy(smtp.port());

	static final String database = PostgresServer.createDatabase("outbox");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("auth.db.url", () -> database);
		registry.add("auth.db.username", PostgresServer::username);
		settings().forEach((key, value) -> registry.add(key, () -> value));
	}

	static Map<String, String> settings() {
		return Map.of("auth.smtp.url", "smtp://" + MailServer.USER + "@127.0.0.1:" + proxy.port(), "auth.smtp.password",
				smtp.password(), "auth.smtp.starttls", "off", "auth.smtp.timeout", "1500ms",
				"auth.smtp.connect-timeout", "1s", "auth.mail.worker.poll-interval", "200ms",
				"auth.mail.worker.initial-backoff", "200ms", "auth.mail.worker.max-backoff", "1s",
				"auth.mail.worker.max-pending-age", "2s", "management.endpoint.health.show-details", "always");
	}

	@AfterAll
	static void stopServers() {
		proxy.close();
		smtp.close();
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	JdbcTemplate jdbc;

	@AfterEach
	void healthyAgain() {
		proxy.mode(SmtpProxy.Mode.FORWARD);
	}

	@Test
	void eachMessageArrivesOnceWithItsOwnMessageIdAndTheLatencyIsPrinted() throws Exception {
		Api api = new Api(port);
		int count = 30;
		double[] latencies = new double[count];
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < count; i++) {
			String name = Accounts.uniqueName("lat");
			Api.Response signup = api.post("/api/v1/signup", Accounts.signup(name));
			// the signup has committed once its answer is here
			long committed = System.nanoTime();
			assertThat(signup.status()).isEqualTo(201);
			while (smtp.messagesTo(name + "@example.com").isEmpty()) {
				assertThat(System.nanoTime() - committed).as("delivery of " + name).isLessThan(20_000_000_000L);
				Thread.sleep(0, 200_000);
			}
			latencies[i] = (System.nanoTime() - committed) / 1e6;
			ids.add(smtp.messagesTo(name + "@example.com").get(0).getMessageID());
		}
		Arrays.sort(latencies);
		System.out.printf(
				"outbox delivery latency, signup committed -> message in the SMTP server, %d signups: "
						+ "median %.1f ms, p90 %.1f ms, max %.1f ms%n",
				count, latencies[count / 2], latencies[(int) (count * 0.9)], latencies[count - 1]);
		assertThat(ids).hasSize(count);
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (System.nanoTime() < deadline && jdbc.queryForObject(
				"select count(*) from mail_outbox where kind = 'verify_email' and status = 'pending'",
				Long.class) > 0) {
			Thread.onSpinWait();
		}
		assertThat(jdbc.queryForObject(
				"select count(*) from mail_outbox where recipient like 'lat%' and status = 'sent' and attempts = 1",
				Long.class))
			.isEqualTo(count);
	}

	@Test
	void anSmtpOutageDuringSignupLosesNoMessage() {
		proxy.mode(SmtpProxy.Mode.REFUSE);
		String name = Accounts.uniqueName("outage");
		Api.Response signup = new Api(port).post("/api/v1/signup", Accounts.signup(name));
		assertThat(signup.status()).isEqualTo(201);

		Map<String, Object> row = awaitRow(name, "attempts >= 3");
		assertThat(row.get("status")).isEqualTo("pending");
		assertThat((String) row.get("last_error")).contains("onnect");
		JsonNode health = awaitHealth("DOWN");
		assertThat(health.get("details").get("pending").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(health.get("details").get("lastError").asString()).isNotBlank();
		String metrics = new Api(managementPort).get("/actuator/prometheus").body();
		assertThat(metrics).containsPattern("authstack_mail_outbox_messages\\{[^}]*status=\"pending\"[^}]*\\} [1-9]")
			.contains("authstack_mail_outbox_oldest_pending_age_seconds")
			.containsPattern("authstack_mail_deliveries_total\\{[^}]*result=\"retried\"[^}]*\\} [1-9]");

		proxy.mode(SmtpProxy.Mode.FORWARD);

		List<MimeMessage> received = smtp.await(name + "@example.com", 1, Duration.ofSeconds(20));
		assertThat(awaitRow(name, "status = 'sent'").get("status")).isEqualTo("sent");
		awaitHealth("UP");
		assertThat(smtp.messagesTo(name + "@example.com")).hasSize(received.size()).hasSize(1);
	}

	@Test
	void aHungServerCostsTheRequestNothingAndTheMessageGoesOutOnceItAnswers() {
		proxy.mode(SmtpProxy.Mode.HANG);
		String name = Accounts.uniqueName("hang");
		long start = System.nanoTime();
		Api.Response signup = new Api(port).post("/api/v1/signup", Accounts.signup(name));
		long millis = (System.nanoTime() - start) / 1_000_000;
		assertThat(signup.status()).isEqualTo(201);
		System.out.printf("signup answered in %d ms while the SMTP server hung%n", millis);

		Map<String, Object> row = awaitRow(name, "attempts >= 2");
		assertThat((String) row.get("last_error")).containsIgnoringCase("timed out");

		proxy.mode(SmtpProxy.Mode.FORWARD);
		smtp.await(name + "@example.com", 1, Duration.ofSeconds(20));
		awaitRow(name, "status = 'sent'");
		assertThat(smtp.messagesTo(name + "@example.com")).hasSize(1);
	}

	@Test
	void aConnectionDroppedInTheMiddleOfTheMessageIsRetriedAndTheMessageArrivesOnce() {
		proxy.mode(SmtpProxy.Mode.DROP);
		String first = Accounts.uniqueName("drop");
		new Api(port).post("/api/v1/signup", Accounts.signup(first));
		awaitRow(first, "attempts >= 2");
		proxy.mode(SmtpProxy.Mode.DROP_ONCE_IN_DATA);

		smtp.await(first + "@example.com", 1, Duration.ofSeconds(20));
		Map<String, Object> row = awaitRow(first, "status = 'sent'");
		assertThat((Integer) row.get("attempts")).isGreaterThanOrEqualTo(3);
		assertThat(smtp.messagesTo(first + "@example.com")).hasSize(1);
	}

	@Test
	void aReplyLostAfterTheWholeMessageGivesASecondCopyWithTheSameMessageId() throws Exception {
		// SMTP's one blind spot: the server has the message, the client never hears so.
		// Retrying can deliver it twice; not retrying could lose it. The copy keeps the
		// Message-ID, so mail programs that drop duplicates by Message-ID show one.
		proxy.mode(SmtpProxy.Mode.DROP_ONCE_BEFORE_REPLY);
		String name = Accounts.uniqueName("noreply");
		new Api(port).post("/api/v1/signup", Accounts.signup(name));

		List<MimeMessage> copies = smtp.await(name + "@example.com", 2, Duration.ofSeconds(20));
		assertThat(copies).hasSize(2);
		assertThat(copies.get(0).getMessageID()).isEqualTo(copies.get(1).getMessageID());
		assertThat(awaitRow(name, "status = 'sent'").get("attempts")).isEqualTo(2);
	}

	@Test
	void aCrashedReplicasClaimRunsOutAndTheMessageIsSentOnceByAnother() {
		String recipient = Accounts.uniqueName("crash") + "@example.com";
		// what a replica that died while sending leaves behind: a claim that no one will
		// finish
		jdbc.update("""
				insert into mail_outbox (kind, recipient, params, message_id, status, attempts, created_at,
				                         next_attempt_at, lease_until, lease_id)
				values ('password_changed', ?, '{"username":"crash","account_id":"0"}', ?, 'pending', 1, now(), now(),
				        clock_timestamp() + interval '3 seconds', ?)""", recipient,
				"<" + UUID.randomUUID() + "@localhost>", UUID.randomUUID());
		long start = System.nanoTime();

		smtp.await(recipient, 1, Duration.ofSeconds(20));

		assertThat((System.nanoTime() - start) / 1_000_000).as("not before the claim ran out").isGreaterThan(2500);
		assertThat(awaitRow(recipient, "status = 'sent'").get("attempts")).isEqualTo(2);
		assertThat(smtp.messagesTo(recipient)).hasSize(1);
	}

	@Test
	void twoReplicasShareTheOutboxAndSendEachMessageOnce() {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
				"--auth.db.url=" + database, "--auth.db.username=" + PostgresServer.username()));
		settings().forEach((key, value) -> args.add("--" + key + "=" + value));
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(AuthApplication.class)
			.profiles("test")
			.run(args.toArray(String[]::new))) {
			int count = 60;
			List<String> recipients = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				recipients.add(Accounts.uniqueName("replica") + "@example.com");
			}
			for (String recipient : recipients) {
				jdbc.update(
						"""
								insert into mail_outbox (kind, recipient, params, message_id, status, attempts, created_at,
								                         next_attempt_at)
								values ('password_changed', ?, '{"username":"two","account_id":"0"}', ?, 'pending', 0, now(), now())""",
						recipient, "<" + UUID.randomUUID() + "@localhost>");
			}
			for (String recipient : recipients) {
				smtp.await(recipient, 1, Duration.ofSeconds(30));
			}
			long deadline = System.nanoTime() + 5_000_000_000L;
			while (System.nanoTime() < deadline && pending(recipients) > 0) {
				Thread.onSpinWait();
			}
			for (String recipient : recipients) {
				assertThat(smtp.messagesTo(recipient)).as(recipient).hasSize(1);
			}
			assertThat(pending(recipients)).isZero();
		}
	}

	@Test
	void anAddressThatWouldAddHeadersNeverReachesTheServer() {
		String victim = Accounts.uniqueName("victim") + "@example.com";
		String evil = Accounts.uniqueName("evil") + "@example.com";
		List<String> bad = List.of(victim + "\r\nBcc: " + evil, victim + "\nBcc: " + evil, "Evil <" + evil + ">",
				victim + ", " + evil, victim + "\r\n\r\nInjected body");
		for (String recipient : bad) {
			jdbc.update(
					"""
							insert into mail_outbox (kind, recipient, params, message_id, status, attempts, created_at, next_attempt_at)
							values ('password_changed', ?, '{"username":"x","account_id":"0"}', ?, 'pending', 0, now(), now())""",
					recipient, "<" + UUID.randomUUID() + "@localhost>");
		}
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (System.nanoTime() < deadline
				&& jdbc.queryForObject("select count(*) from mail_outbox where recipient like ? and status = 'pending'",
						Long.class, victim + "%") > 0) {
			Thread.onSpinWait();
		}
		List<Map<String, Object>> rows = jdbc.queryForList(
				"select status, attempts, last_error from mail_outbox where recipient like ? or recipient like ?",
				victim + "%", "Evil%");
		assertThat(rows).hasSize(bad.size()).allSatisfy(row -> {
			assertThat(row.get("status")).isEqualTo("failed");
			assertThat(row.get("attempts")).as("refused for good, not retried").isEqualTo(1);
			assertThat((String) row.get("last_error")).contains("not a single valid address");
		});
		assertThat(smtp.messagesTo(evil)).isEmpty();
		assertThat(smtp.messagesTo(victim)).isEmpty();
	}

	private long pending(List<String> recipients) {
		return jdbc.queryForObject("select count(*) from mail_outbox where status <> 'sent' and recipient = any (?)",
				Long.class, (Object) recipients.toArray(String[]::new));
	}

	/**
	 * Waits for the outbox row of {@code recipient} (a username or an address) to match
	 * {@code condition}.
	 */
	private Map<String, Object> awaitRow(String recipient, String condition) {
		String address = recipient.contains("@") ? recipient : recipient + "@example.com";
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (System.nanoTime() < deadline) {
			List<Map<String, Object>> rows = jdbc.queryForList(
					"select status, attempts, last_error from mail_outbox where recipient = ? and " + condition,
					address);
			if (!rows.isEmpty()) {
				return rows.get(0);
			}
			Thread.onSpinWait();
		}
		throw new AssertionError("no outbox row for " + address + " with " + condition + ": " + jdbc
			.queryForList("select status, attempts, last_error from mail_outbox where recipient = ?", address));
	}

	private JsonNode awaitHealth(String status) {
		Api management = new Api(managementPort);
		long deadline = System.nanoTime() + 20_000_000_000L;
		JsonNode health = null;
		while (System.nanoTime() < deadline) {
			health = management.get("/actuator/health/mail").json();
			if (status.equals(health.get("status").asString())) {
				return health;
			}
			Thread.onSpinWait();
		}
		throw new AssertionError("mail health never " + status + ": " + health);
	}

}
