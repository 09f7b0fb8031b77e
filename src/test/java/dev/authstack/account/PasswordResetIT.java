package dev.authstack.account;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.MailApp;
import dev.authstack.support.MailExtension;
import dev.authstack.support.MailServer;
import dev.authstack.support.ReceivedMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forgot and reset through the HTTP API, with the mail going through a real SMTP server:
 * the link arrives, works once, ends every session, and every way to misuse it is
 * refused.
 */
@IntegrationTest
@ExtendWith({ MailExtension.class, OutputCaptureExtension.class })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
// every request in the log, as a curious operator might set it
@TestPropertySource(properties = { "logging.level.org.springframework.web=debug",
		"logging.level.org.springframework.security=debug", "logging.level.org.apache.coyote.http11=debug" })
class PasswordResetIT {

	private static final String NEW_PASSWORD = "a much newer passphrase";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		MailApp.register(registry, "reset");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api api;

	MailServer mail = MailServer.shared();

	String username;

	String email;

	/** Each test is its own client, as far as the per-IP limit goes. */
	String clientIp;

	@BeforeEach
	void setUp() {
		api = new Api(port);
		username = Accounts.uniqueName("reset");
		email = username + "@example.com";
		clientIp = "198.51.100." + (1 + (int) (Math.random() * 250));
		assertThat(api.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
	}

	@Test
	void mailedLinkSetsANewPasswordEndsEverySessionAndSendsANotice(CapturedOutput output) {
		JsonNode login = api.post("/api/v1/login", Map.of("username", username, "password", Accounts.PASSWORD)).json();
		String access = login.get("access_token").asString();
		String refresh = login.get("refresh_token").asString();

		Api.Response forgot = forgot(email);
		assertThat(forgot.status()).isEqualTo(202);
		ReceivedMail message = resetMail(1);
		assertThat(message.subject()).isEqualTo("Reset your password");
		assertThat(message.html()).contains("/reset-password#token=");
		String token = message.token("/reset-password");
		assertThat(token).matches("[A-Za-z0-9_-]{43}");
		assertThat(jdbc.queryForObject("select count(*) from account_tokens where token_hash = ?", Long.class, token))
			.as("only the hash is stored")
			.isZero();

		Api.Response reset = reset(token, NEW_PASSWORD);

		assertThat(reset.status()).isEqualTo(204);
		assertThat(api.get("/api/v1/me", access).status()).as("the old access token").isEqualTo(401);
		assertThat(api.post("/api/v1/token/refresh", Map.of("refresh_token", refresh)).status()).isEqualTo(401);
		assertThat(login(Accounts.PASSWORD)).isEqualTo(401);
		assertThat(login(NEW_PASSWORD)).isEqualTo(200);
		// the verification mail of the signup, the link, the notice
		ReceivedMail notice = mail.awaitNth(email, 3);
		assertThat(notice.subject()).isEqualTo("Your password was changed");
		assertThat(notice.text()).contains("every session of the account was signed out").doesNotContain(token);
		assertThat(
				jdbc.queryForObject("select email_verified from accounts where username = ?", Boolean.class, username))
			.as("following the link proved the address")
			.isTrue();
		assertThat(audit("password_reset", "success")).isOne();
		assertThat(jdbc.queryForObject("select count(*) from mail_outbox where params like ?", Long.class,
				"%" + token + "%"))
			.isZero();
		// the debug logs of Spring MVC and Tomcat above saw both requests
		assertThat(output.getAll()).contains("/api/v1/password/reset").doesNotContain(token);
	}

	@Test
	void knownAndUnknownAddressesGetTheSameAnswerAndOnlyTheKnownOneGetsMail() {
		String ghost = Accounts.uniqueName("ghost") + "@example.com";

		Api.Response unknown = forgot(ghost);
		Api.Response known = forgot(email);

		assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(202);
		assertThat(unknown.body()).isEqualTo(known.body());
		assertThat(unknown.contentType()).isEqualTo(known.contentType());
		resetMail(1);
		// the outbox is first in, first out: the ghost's request was handled before this
		// one was sent
		assertThat(mail.messagesTo(ghost)).isEmpty();
		assertThat(jdbc.queryForList("select status, recipient, params from mail_outbox where kind = 'password_reset'"
				+ " and created_at > now() - interval '1 minute' and status <> 'sent'"))
			.as("the unknown address is dropped, and not kept")
			.anySatisfy(row -> {
				assertThat(row.get("status")).isEqualTo("dropped");
				assertThat(row.get("recipient")).isNull();
				assertThat(row.get("params")).isNull();
			});
	}

	@Test
	void aTokenWorksOnceAndNoOtherTokenWorksAtAll() {
		forgot(email);
		String token = resetMail(1).token("/reset-password");
		assertThat(reset(token, NEW_PASSWORD).status()).isEqualTo(204);

		Api.Response reused = reset(token, "yet another passphrase");
		assertThat(reused.status()).isEqualTo(400);
		assertThat(reused.contentType()).startsWith("application/problem+json");
		assertThat(reused.json().get("detail").asString()).contains("invalid, has expired or was already used");
		assertThat(login(NEW_PASSWORD)).isEqualTo(200);

		for (String junk : new String[] { "", "x", "x".repeat(43), token + "A", token.substring(1), "../" + token,
				token.replace(token.charAt(0), token.charAt(0) == 'A' ? 'B' : 'A'), "%00" + token.substring(3) }) {
			Api.Response refused = reset(junk, NEW_PASSWORD + "!");
			assertThat(refused.status()).as(junk).isEqualTo(400);
			assertThat(refused.body()).as(junk).isEqualTo(reused.body());
		}
		assertThat(api.post("/api/v1/password/reset", Map.of("new_password", NEW_PASSWORD)).status()).isEqualTo(400);
		assertThat(api.post("/api/v1/password/reset", "application/json", "{\"token\":").status()).isEqualTo(400);
		assertThat(reset("y".repeat(5000), NEW_PASSWORD).status()).isEqualTo(400);
	}

	@Test
	void aNewerRequestVoidsTheOlderLink() {
		forgot(email);
		String first = resetMail(1).token("/reset-password");
		forgot(email);
		String second = resetMail(2).token("/reset-password");
		assertThat(second).isNotEqualTo(first);

		assertThat(reset(first, NEW_PASSWORD).status()).isEqualTo(400);
		assertThat(reset(second, NEW_PASSWORD).status()).isEqualTo(204);
	}

	@Test
	void anExpiredLinkIsRefused() {
		forgot(email);
		String token = resetMail(1).token("/reset-password");
		jdbc.update("update account_tokens set expires_at = now() - interval '1 second' where token_hash = ?",
				AccountTokens.hash(token));

		assertThat(reset(token, NEW_PASSWORD).status()).isEqualTo(400);
		assertThat(login(Accounts.PASSWORD)).isEqualTo(200);
	}

	@Test
	void aNewPasswordBreakingThePolicyLeavesTheLinkUsable() {
		forgot(email);
		String token = resetMail(1).token("/reset-password");

		Api.Response tooShort = reset(token, "short");
		assertThat(tooShort.status()).isEqualTo(400);
		assertThat(tooShort.json().get("errors").get(0).get("field").asString()).isEqualTo("new_password");
		assertThat(tooShort.json().get("errors").get(0).get("message").asString())
			.isEqualTo("must be 8 to 128 characters");
		assertThat(reset(token, "x".repeat(129)).status()).isEqualTo(400);

		assertThat(reset(token, NEW_PASSWORD).status()).isEqualTo(204);
	}

	@Test
	void ofResetsRacingWithOneTokenExactlyOneWins() throws Exception {
		forgot(email);
		String token = resetMail(1).token("/reset-password");
		int racers = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(racers);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < racers; i++) {
				String password = NEW_PASSWORD + " " + i;
				results.add(pool.submit(() -> {
					start.await();
					return reset(token, password).status();
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> result : results) {
				statuses.add(result.get());
			}
			assertThat(statuses).containsOnly(204, 400);
			assertThat(statuses).filteredOn(status -> status == 204).hasSize(1);
			int winner = statuses.indexOf(204);
			assertThat(login(NEW_PASSWORD + " " + winner)).isEqualTo(200);
		}
		finally {
			pool.shutdownNow();
		}
		// one notice, not one per racer
		mail.await(email, 3, Duration.ofSeconds(20));
		assertThat(jdbc.queryForObject(
				"select count(*) from mail_outbox where kind = 'password_changed' and recipient = ?", Long.class,
				email))
			.isOne();
	}

	@Test
	void aDisabledAccountGetsNoLinkAndItsOldLinkChangesNothing() {
		forgot(email);
		String token = resetMail(1).token("/reset-password");
		jdbc.update("update accounts set status = 'disabled' where username = ?", username);
		String hash = jdbc.queryForObject("select password from accounts where username = ?", String.class, username);

		Api.Response reset = reset(token, NEW_PASSWORD);
		assertThat(reset.status()).isEqualTo(403);
		assertThat(reset.json().get("detail").asString()).contains("disabled");
		assertThat(jdbc.queryForObject("select password from accounts where username = ?", String.class, username))
			.isEqualTo(hash);
		assertThat(jdbc.queryForObject("select status from accounts where username = ?", String.class, username))
			.isEqualTo("disabled");

		assertThat(forgot(email).status()).isEqualTo(202);
		String marker = Accounts.uniqueName("after") + "@example.com";
		forgot(marker);
		awaitDone(marker);
		// the signup's verification mail and the first link: nothing since the account
		// was disabled
		assertThat(mail.messagesTo(email)).hasSize(2);
	}

	@Test
	void requestsAreThrottledPerAddressAndPerClient() {
		for (int i = 0; i < 3; i++) {
			assertThat(forgot(email).status()).isEqualTo(202);
		}
		Api.Response fourth = forgot(email);
		assertThat(fourth.status()).isEqualTo(429);
		assertThat(fourth.header("Retry-After")).matches("[1-9][0-9]*");
		assertThat(fourth.contentType()).startsWith("application/problem+json");
		// an address nobody uses is limited alike, so the limit tells nothing either
		String ghost = Accounts.uniqueName("ghost") + "@example.com";
		for (int i = 0; i < 3; i++) {
			forgot(ghost);
		}
		assertThat(forgot(ghost).status()).isEqualTo(429);

		clientIp = "203.0.113.77";
		int accepted = 0;
		for (int i = 0; i < 25; i++) {
			if (forgot(Accounts.uniqueName("many") + "@example.com").status() == 202) {
				accepted++;
			}
		}
		assertThat(accepted).as("per-client limit (20 per window)").isEqualTo(20);
	}

	@Test
	void addressesThatCouldInjectHeadersOrOverflowAreRefusedAndQueueNothing() {
		long before = jdbc.queryForObject("select count(*) from mail_outbox", Long.class);
		for (String address : new String[] { email + "\r\nBcc: evil@example.com", email + "\nBcc: evil@example.com",
				"evil@example.com\r\n\r\nbody", email + "\u0000", email + "\u2028x", "a".repeat(250) + "@x.io",
				"not-an-address", "", " " }) {
			Api.Response response = forgot(address);
			assertThat(response.status()).as(address).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
		}
		assertThat(jdbc.queryForObject("select count(*) from mail_outbox", Long.class)).isEqualTo(before);
		assertThat(mail.messagesTo("evil@example.com")).isEmpty();
	}

	private ReceivedMail resetMail(int count) {
		List<jakarta.mail.internet.MimeMessage> messages = mail.await(email, count + 1, Duration.ofSeconds(20))
			.stream()
			.filter(message -> {
				try {
					return "Reset your password".equals(message.getSubject());
				}
				catch (jakarta.mail.MessagingException ex) {
					return false;
				}
			})
			.toList();
		assertThat(messages).hasSize(count);
		return new ReceivedMail(messages.get(count - 1));
	}

	/** Waits until the outbox has handled what was queued for {@code address}. */
	private void awaitDone(String address) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			Long pending = jdbc.queryForObject(
					"select count(*) from mail_outbox where status = 'pending' and (recipient = ? or recipient is null)",
					Long.class, address);
			if (pending == 0) {
				return;
			}
			Thread.onSpinWait();
		}
		throw new AssertionError("the outbox did not handle the message for " + address);
	}

	private Api.Response forgot(String address) {
		return api.send(HttpRequest.newBuilder(api.uri("/api/v1/password/forgot"))
			.header("Content-Type", "application/json")
			.header("X-Forwarded-For", clientIp)
			.POST(HttpRequest.BodyPublishers.ofString(Api.toJson(Map.of("email", address)))));
	}

	private Api.Response reset(String token, String password) {
		return api.post("/api/v1/password/reset", Map.of("token", token, "new_password", password));
	}

	private int login(String password) {
		return api.post("/api/v1/login", Map.of("username", username, "password", password)).status();
	}

	private long audit(String action, String outcome) {
		return jdbc.queryForObject("select count(*) from audit_events where action = ? and outcome = ? and target = ?",
				Long.class, action, outcome, username);
	}

}
