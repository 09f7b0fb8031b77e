package dev.authstack.account;

import java.net.http.HttpRequest;
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

@IntegrationTest
class SelfServiceIT extends RealDatabase {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api api;

	String username;

	String token;

	@BeforeEach
	void setUp() {
		api = new Api(port);
		username = Accounts.uniqueName("me");
		token = api.signupAndLogin(username, Accounts.PASSWORD);
	}

	@Test
	void readsAndPatchesTheProfile() {
		assertThat(api.get("/api/v1/me", token).json().get("username").asString()).isEqualTo(username);

		Api.Response patched = patch("/api/v1/me", Map.of("first_name", "Ada", "country", "UK"));
		assertThat(patched.status()).isEqualTo(200);
		assertThat(patched.json().get("first_name").asString()).isEqualTo("Ada");

		JsonNode me = api.get("/api/v1/me", token).json();
		assertThat(me.get("first_name").asString()).isEqualTo("Ada");
		assertThat(me.get("country").asString()).isEqualTo("UK");
		assertThat(me.get("email").asString()).isEqualTo(username + "@example.com");

		assertThat(patch("/api/v1/me", Map.of("country", "")).json().get("country").isNull()).isTrue();
	}

	@Test
	void changingEmailKeepsUniqueness() {
		String other = Accounts.uniqueName("other");
		assertThat(api.post("/api/v1/signup", Accounts.signup(other)).status()).isEqualTo(201);

		Api.Response taken = patch("/api/v1/me", Map.of("email", other.toUpperCase() + "@example.com"));
		assertThat(taken.status()).isEqualTo(409);
		assertThat(api.get("/api/v1/me", token).json().get("email").asString()).isEqualTo(username + "@example.com");

		assertThat(patch("/api/v1/me", Map.of("email", "not-an-email")).status()).isEqualTo(400);
		// a new address must confirm first (EmailChangeIT): PATCH says where to ask, and
		// changes nothing
		Api.Response direct = patch("/api/v1/me", Map.of("email", username + "@new.example"));
		assertThat(direct.status()).isEqualTo(400);
		assertThat(direct.body()).contains("POST /api/v1/me/email");
		assertThat(api.get("/api/v1/me", token).json().get("email").asString()).isEqualTo(username + "@example.com");
		// the same address, spelt otherwise, is no change
		assertThat(patch("/api/v1/me", Map.of("email", username.toUpperCase() + "@EXAMPLE.com")).status())
			.isEqualTo(200);
	}

	@Test
	void passwordChangeNeedsTheCurrentPasswordAndEndsOtherSessions() {
		String otherSession = api.login(username, Accounts.PASSWORD);

		Api.Response wrong = put("/api/v1/me/password",
				Map.of("current_password", "not it", "new_password", "a brand new password"));
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(api.get("/api/v1/me", otherSession).status()).isEqualTo(200);

		Api.Response changed = put("/api/v1/me/password",
				Map.of("current_password", Accounts.PASSWORD, "new_password", "a brand new password"));
		assertThat(changed.status()).isEqualTo(204);

		assertThat(api.get("/api/v1/me", otherSession).status()).isEqualTo(401);
		assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
		assertThat(api.post("/api/v1/login", Map.of("username", username, "password", Accounts.PASSWORD)).status())
			.isEqualTo(401);
		assertThat(api.login(username, "a brand new password")).isNotBlank();
		assertThat(
				jdbc.queryForObject("select count(*) from audit_events where action = 'password_change' and target = ?"
						+ " and outcome = 'success'", Long.class, username))
			.isOne();
	}

	@Test
	void deletionNeedsThePasswordEndsAllSessionsAndFreesTheName() {
		String otherSession = api.login(username, Accounts.PASSWORD);

		assertThat(delete(Map.of("password", "wrong")).status()).isEqualTo(400);
		assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);

		assertThat(delete(Map.of("password", Accounts.PASSWORD)).status()).isEqualTo(204);

		assertThat(api.get("/api/v1/me", token).status()).isEqualTo(401);
		assertThat(api.get("/api/v1/me", otherSession).status()).isEqualTo(401);
		assertThat(jdbc.queryForObject("select count(*) from accounts where username = ?", Long.class, username))
			.isZero();
		assertThat(
				jdbc.queryForObject("select count(*) from audit_events where action = 'account_delete' and target = ?"
						+ " and outcome = 'success'", Long.class, username))
			.isOne();
		assertThat(api.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
	}

	private Api.Response patch(String path, Map<String, Object> body) {
		return api.send(HttpRequest.newBuilder(api.uri(path))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(Api.toJson(body))));
	}

	private Api.Response put(String path, Map<String, Object> body) {
		return api.send(HttpRequest.newBuilder(api.uri(path))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(Api.toJson(body))));
	}

	private Api.Response delete(Map<String, Object> body) {
		return api.send(HttpRequest.newBuilder(api.uri("/api/v1/me"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method("DELETE", HttpRequest.BodyPublishers.ofString(Api.toJson(body))));
	}

}
