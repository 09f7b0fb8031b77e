package dev.authstack.account;

import java.net.http.HttpRequest;
import java.util.Base64;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AUTH_EMAIL_VERIFICATION=optional (the default): the signup's link, resends, the flag
 * everywhere.
 */
@IntegrationTest
@ExtendWith(MailExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EmailVerificationIT {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		MailApp.register(registry, "verify");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api api;

	MailServer mail = MailServer.shared();

	String username;

	String email;

	@BeforeEach
	void setUp() {
		api = new Api(port);
		username = Accounts.uniqueName("verify");
		email = username + "@example.com";
	}

	@Test
	void theSignupMailsALinkThatVerifiesTheAddressOnce() throws Exception {
		Api.Response signup = api.post("/api/v1/signup", Accounts.signup(username));
		assertThat(signup.status()).isEqualTo(201);
		assertThat(signup.json().get("email_verified").asBoolean()).isFalse();
		String before = api.login(username, Accounts.PASSWORD);
		assertThat(claims(before).get("email_verified").asBoolean()).isFalse();

		ReceivedMail message = mail.awaitOne(email);
		assertThat(message.subject()).isEqualTo("Confirm your email address");
		assertThat(message.header("From")).isEqualTo("authstack <authstack@localhost>");
		assertThat(message.header("Message-ID")).matches("<[0-9a-f-]{36}@localhost>");
		assertThat(message.raw().getContentType()).startsWith("multipart/");
		assertThat(message.text()).contains("Hello " + username).contains("24 hours");
		assertThat(message.html()).contains("Confirm my email address");
		String token = message.token("/verify-email");

		assertThat(verify(token).status()).isEqualTo(204);

		assertThat(api.get("/api/v1/me", before).json().get("email_verified").asBoolean()).isTrue();
		assertThat(claims(api.login(username, Accounts.PASSWORD)).get("email_verified").asBoolean()).isTrue();
		Api.Response again = verify(token);
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.json().get("title").asString()).isEqualTo("Invalid or expired link");
		assertThat(jdbc.queryForObject(
				"select count(*) from audit_events where action = 'email_verify' and outcome = 'success' and target = ?",
				Long.class, username))
			.isOne();
	}

	@Test
	void junkExpiredAndForeignTokensVerifyNothing() {
		api.post("/api/v1/signup", Accounts.signup(username));
		String token = mail.awaitOne(email).token("/verify-email");
		for (String junk : new String[] { "", "abc", "z".repeat(43), token.substring(0, 42) + "!" }) {
			assertThat(verify(junk).status()).as(junk).isEqualTo(400);
		}
		// a reset token is no verification token
		assertThat(api.post("/api/v1/password/reset", Map.of("token", token, "new_password", "whatever it is now"))
			.status()).isEqualTo(400);
		jdbc.update("update account_tokens set expires_at = now() - interval '1 second' where token_hash = ?",
				AccountTokens.hash(token));
		assertThat(verify(token).status()).isEqualTo(400);
		assertThat(
				jdbc.queryForObject("select email_verified from accounts where username = ?", Boolean.class, username))
			.isFalse();
	}

	@Test
	void resendMailsANewLinkVoidsTheOldOneAndIsThrottled() {
		api.post("/api/v1/signup", Accounts.signup(username));
		String first = mail.awaitOne(email).token("/verify-email");

		Api.Response resend = resend(email, "192.0.2.10");
		assertThat(resend.status()).isEqualTo(202);
		String second = mail.awaitNth(email, 2).token("/verify-email");
		Api.Response ghost = resend(Accounts.uniqueName("ghost") + "@example.com", "192.0.2.10");
		assertThat(ghost.status()).isEqualTo(202);
		assertThat(ghost.body()).isEqualTo(resend.body());

		assertThat(verify(first).status()).isEqualTo(400);
		assertThat(verify(second).status()).isEqualTo(204);

		resend(email, "192.0.2.11");
		resend(email, "192.0.2.12");
		Api.Response throttled = resend(email, "192.0.2.13");
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.header("Retry-After")).isNotBlank();
		// verified already: the resends above sent nothing more
		String marker = Accounts.uniqueName("marker");
		api.post("/api/v1/signup", Accounts.signup(marker));
		mail.awaitOne(marker + "@example.com");
		assertThat(mail.messagesTo(email)).hasSize(2);
	}

	@Test
	void aLinkToAnAddressTheAccountNoLongerHasDoesNothing() {
		api.post("/api/v1/signup", Accounts.signup(username));
		String token = mail.awaitOne(email).token("/verify-email");
		jdbc.update("update accounts set email = ? where username = ?", username + "@elsewhere.example", username);

		assertThat(verify(token).status()).isEqualTo(400);
		assertThat(
				jdbc.queryForObject("select email_verified from accounts where username = ?", Boolean.class, username))
			.isFalse();
	}

	private Api.Response verify(String token) {
		return api.post("/api/v1/email/verify", Map.of("token", token));
	}

	private Api.Response resend(String address, String clientIp) {
		return api.send(HttpRequest.newBuilder(api.uri("/api/v1/email/verify/resend"))
			.header("Content-Type", "application/json")
			.header("X-Forwarded-For", clientIp)
			.POST(HttpRequest.BodyPublishers.ofString(Api.toJson(Map.of("email", address)))));
	}

	static JsonNode claims(String jwt) {
		return JsonMapper.builder().build().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
	}

}
