package dev.authstack.account;

import java.net.http.HttpRequest;
import java.util.Map;

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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new address confirms before it replaces the old one; the old one can undo the change.
 */
@IntegrationTest
@ExtendWith(MailExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EmailChangeIT {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		MailApp.register(registry, "change");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api api;

	MailServer mail = MailServer.shared();

	String username;

	String oldEmail;

	String newEmail;

	String token;

	@BeforeEach
	void setUp() {
		api = new Api(port);
		username = Accounts.uniqueName("change");
		oldEmail = username + "@example.com";
		newEmail = username + "@new.example";
		token = api.signupAndLogin(username, Accounts.PASSWORD);
		mail.awaitOne(oldEmail);
	}

	@Test
	void theNewAddressConfirmsAndTheOldOneIsToldAndCanUndo() {
		Api.Response request = change(newEmail);
		assertThat(request.status()).isEqualTo(202);
		assertThat(request.json().get("status").asString()).isEqualTo("pending");
		assertThat(me().get("email").asString()).as("unchanged until confirmed").isEqualTo(oldEmail);

		ReceivedMail confirm = mail.awaitOne(newEmail);
		assertThat(confirm.subject()).isEqualTo("Confirm your new email address");
		assertThat(api.post("/api/v1/email/change/confirm", Map.of("token", confirm.token("/confirm-email"))).status())
			.isEqualTo(204);

		assertThat(me().get("email").asString()).isEqualTo(newEmail);
		assertThat(me().get("email_verified").asBoolean()).isTrue();
		assertThat(api.login(newEmail, Accounts.PASSWORD)).isNotBlank();
		ReceivedMail notice = mail.awaitNth(oldEmail, 2);
		assertThat(notice.subject()).isEqualTo("Your email address was changed");
		assertThat(notice.text()).contains(newEmail).contains("7 days");
		assertThat(api.post("/api/v1/email/change/confirm", Map.of("token", confirm.token("/confirm-email"))).status())
			.as("used")
			.isEqualTo(400);

		String undo = notice.token("/undo-email-change");
		assertThat(api.post("/api/v1/email/change/undo", Map.of("token", undo)).status()).isEqualTo(204);

		assertThat(api.get("/api/v1/me", token).status()).as("every session ended").isEqualTo(401);
		String fresh = api.login(username, Accounts.PASSWORD);
		assertThat(api.get("/api/v1/me", fresh).json().get("email").asString()).isEqualTo(oldEmail);
		assertThat(api.post("/api/v1/email/change/undo", Map.of("token", undo)).status()).isEqualTo(400);
		assertThat(jdbc.queryForList("select action from audit_events where target = ? order by id", String.class,
				username))
			.containsSubsequence("email_change_request", "email_change", "email_change_undo");
	}

	@Test
	void aTakenAddressIsRefusedAndOneTakenMeanwhileIsNotStolen() {
		String other = Accounts.uniqueName("other");
		api.post("/api/v1/signup", Accounts.signup(other));
		assertThat(change(other.toUpperCase() + "@EXAMPLE.COM").status()).isEqualTo(409);

		assertThat(change(newEmail).status()).isEqualTo(202);
		String confirm = mail.awaitOne(newEmail).token("/confirm-email");
		Map<String, Object> squatter = Accounts.signup(Accounts.uniqueName("squat"));
		squatter.put("email", newEmail);
		assertThat(api.post("/api/v1/signup", squatter).status()).isEqualTo(201);

		assertThat(api.post("/api/v1/email/change/confirm", Map.of("token", confirm)).status()).isEqualTo(409);
		assertThat(me().get("email").asString()).isEqualTo(oldEmail);
	}

	@Test
	void aNewerRequestVoidsTheOlderLinkAndJunkIsRefused() {
		change(newEmail);
		String first = mail.awaitOne(newEmail).token("/confirm-email");
		String other = username + "@other.example";
		change(other);
		String second = mail.awaitOne(other).token("/confirm-email");

		assertThat(api.post("/api/v1/email/change/confirm", Map.of("token", first)).status()).isEqualTo(400);
		assertThat(api.post("/api/v1/email/change/confirm", Map.of("token", "junk")).status()).isEqualTo(400);
		assertThat(api.post("/api/v1/email/change/undo", Map.of("token", second)).status())
			.as("a confirm token is no undo token")
			.isEqualTo(400);
		assertThat(api.post("/api/v1/email/change/confirm", Map.of("token", second)).status()).isEqualTo(204);
		assertThat(me().get("email").asString()).isEqualTo(other);
		assertThat(change("bad\r\nBcc: evil@example.com").status()).isEqualTo(400);
		assertThat(api
			.send(HttpRequest.newBuilder(api.uri("/api/v1/me/email"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"x@example.com\"}")))
			.status()).as("signed in only").isEqualTo(401);
	}

	private Api.Response change(String address) {
		return api.send(HttpRequest.newBuilder(api.uri("/api/v1/me/email"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Api.toJson(Map.of("email", address)))));
	}

	private tools.jackson.databind.JsonNode me() {
		return api.get("/api/v1/me", token).json();
	}

}
