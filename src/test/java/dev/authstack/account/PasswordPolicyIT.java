package dev.authstack.account;

import java.net.http.HttpRequest;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The password rules (NIST 800-63B) at signup and at password change, as a client meets
 * them.
 */
@IntegrationTest
class PasswordPolicyIT extends RealDatabase {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api api;

	@BeforeEach
	void setUp() {
		api = new Api(port);
	}

	@Test
	void weakPasswordsAreRefusedAtSignupWithAFieldError() {
		String username = Accounts.uniqueName("weak");
		List<String> weak = List.of("password", "12345678", "        ", "Password1", "iloveyou", "qwertyuiop",
				"correct horse battery staple", "aaaaaaaaaaaa", "abcdefghij", username, username + "!",
				"my " + username + " pass", "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00");
		for (String password : weak) {
			Map<String, Object> body = Accounts.signup(username);
			body.put("password", password);
			Api.Response response = api.post("/api/v1/signup", body);
			assertThat(response.status()).as("'%s'", password).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			JsonNode errors = response.json().get("errors");
			assertThat(errors).as("'%s'", password).hasSize(1);
			assertThat(errors.get(0).get("field").asString()).isEqualTo("password");
			String message = errors.get(0).get("message").asString();
			assertThat(message).isNotBlank();
			// "password" is a word of the message itself
			if (!password.isBlank() && !password.equals("password")) {
				assertThat(message).as("never echoes the password").doesNotContain(password);
			}
		}
		assertThat(jdbc.queryForObject("select count(*) from accounts where username = ?", Long.class, username))
			.isZero();
	}

	@Test
	void thePasswordMayNotContainTheEmailsLocalPart() {
		Map<String, Object> body = Accounts.signup(Accounts.uniqueName("mail"));
		body.put("email", "zanzibar.quill@example.com");
		body.put("password", "my Zanzibar.Quill secret");
		Api.Response response = api.post("/api/v1/signup", body);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("message").asString()).contains("email");
	}

	@Test
	void reasonablePasswordsOfEveryScriptAreAccepted() {
		for (String password : List.of("plum kettle orbit nine", "Ünïcödé pässwörd wins",
				"\u5BC6\u7801\u4E0D\u5BB9\u6613\u731C\u5230\u554A",
				"\uD83D\uDE00\uD83C\uDF4D\uD83D\uDE80\uD83C\uDF19\uD83D\uDC1F\uD83C\uDF35\uD83D\uDD11\uD83C\uDFB2")) {
			String username = Accounts.uniqueName("good");
			Map<String, Object> body = Accounts.signup(username);
			body.put("password", password);
			assertThat(api.post("/api/v1/signup", body).status()).as("'%s'", password).isEqualTo(201);
			assertThat(api.login(username, password)).isNotBlank();
		}
	}

	@Test
	void lengthIsCountedInCodePoints() {
		// 128 code points of 2 UTF-16 units each (256 units): allowed; 129: too long
		String username = Accounts.uniqueName("len");
		Map<String, Object> body = Accounts.signup(username);
		String emoji = "\uD83C\uDF4D\uD83D\uDE80\uD83C\uDF19\uD83D\uDC1F";
		body.put("password", emoji.repeat(32));
		assertThat(api.post("/api/v1/signup", body).status()).isEqualTo(201);
		Map<String, Object> longer = Accounts.signup(Accounts.uniqueName("len"));
		longer.put("password", emoji.repeat(32) + "x");
		Api.Response tooLong = api.post("/api/v1/signup", longer);
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.json().get("errors").get(0).get("message").asString()).contains("8 to 128");
	}

	@Test
	void thePasswordIsNormalisedSoNfcAtSignupAndNfdAtLoginMatch() {
		String username = Accounts.uniqueName("nfc");
		String nfc = Normalizer.normalize("Crème brûlée à la façon", Normalizer.Form.NFC);
		String nfd = Normalizer.normalize(nfc, Normalizer.Form.NFD);
		assertThat(nfd).isNotEqualTo(nfc);
		Map<String, Object> body = Accounts.signup(username);
		body.put("password", nfc);
		assertThat(api.post("/api/v1/signup", body).status()).isEqualTo(201);

		assertThat(api.post("/api/v1/login", Map.of("username", username, "password", nfd)).status()).isEqualTo(200);
		// compatibility forms too: fullwidth letters are the same password
		String fullwidthSpaceVariant = nfc.replace(' ', '\u3000');
		assertThat(api.post("/api/v1/login", Map.of("username", username, "password", fullwidthSpaceVariant)).status())
			.isEqualTo(200);
	}

	@Test
	void aNewPasswordMeetsTheSameRules() {
		String username = Accounts.uniqueName("chg");
		String token = api.signupAndLogin(username, Accounts.PASSWORD);
		for (String password : List.of("password", "short", username + "2024")) {
			Api.Response response = change(token, Accounts.PASSWORD, password);
			assertThat(response.status()).as("'%s'", password).isEqualTo(400);
			JsonNode errors = response.json().get("errors");
			assertThat(errors.get(0).get("field").asString()).isEqualTo("new_password");
		}
		assertThat(change(token, Accounts.PASSWORD, "plum kettle orbit nine").status()).isEqualTo(204);
	}

	private Api.Response change(String token, String current, String next) {
		return api.send(HttpRequest.newBuilder(api.uri("/api/v1/me/password"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers
				.ofString(Api.toJson(Map.of("current_password", current, "new_password", next)))));
	}

}
