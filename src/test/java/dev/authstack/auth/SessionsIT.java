package dev.authstack.auth;

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
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Refresh rotation, reuse detection and immediate revocation, through the HTTP API. */
@IntegrationTest
class SessionsIT extends RealDatabase {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api api;

	String username;

	@BeforeEach
	void setUp() {
		api = new Api(port);
		username = Accounts.uniqueName("sess");
		assertThat(api.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
	}

	@Test
	void loginReturnsAnOpaqueRefreshTokenStoredOnlyAsAHash() {
		JsonNode login = login();
		String refresh = login.get("refresh_token").asString();

		assertThat(refresh).matches("[A-Za-z0-9_-]{43}");
		assertThat(login.get("refresh_expires_in").asLong()).isEqualTo(30L * 24 * 3600);
		assertThat(jdbc.queryForObject("select count(*) from refresh_tokens where token_hash = ?", Long.class, refresh))
			.isZero();
		assertThat(jdbc.queryForObject("select count(*) from refresh_tokens where token_hash = ?", Long.class,
				SessionService.hash(refresh)))
			.isOne();
	}

	@Test
	void refreshRotatesAndTheOldTokenStopsWorking() {
		JsonNode login = login();
		Api.Response rotated = refresh(login.get("refresh_token").asString());

		assertThat(rotated.status()).isEqualTo(200);
		String newRefresh = rotated.json().get("refresh_token").asString();
		String newAccess = rotated.json().get("access_token").asString();
		assertThat(newRefresh).isNotEqualTo(login.get("refresh_token").asString());
		assertThat(api.get("/api/v1/me", newAccess).status()).isEqualTo(200);
		assertThat(refresh(newRefresh).status()).isEqualTo(200);
	}

	@Test
	void replayingARotatedTokenEndsTheWholeFamily() {
		JsonNode login = login();
		String first = login.get("refresh_token").asString();
		JsonNode second = refresh(first).json();
		String secondAccess = second.get("access_token").asString();
		assertThat(api.get("/api/v1/me", secondAccess).status()).isEqualTo(200);

		Api.Response replay = refresh(first);

		assertThat(replay.status()).isEqualTo(401);
		assertThat(replay.contentType()).startsWith("application/problem+json");
		assertThat(refresh(second.get("refresh_token").asString()).status()).isEqualTo(401);
		assertThat(api.get("/api/v1/me", secondAccess).status()).isEqualTo(401);
		assertThat(api.get("/api/v1/me", login.get("access_token").asString()).status()).isEqualTo(401);
		assertThat(audit("refresh_reuse")).isOne();
	}

	@Test
	void concurrentRefreshesOfOneTokenLetExactlyOneThrough() throws Exception {
		String token = login().get("refresh_token").asString();
		int racers = 6;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(racers);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < racers; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return refresh(token).status();
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> result : results) {
				statuses.add(result.get());
			}
			assertThat(statuses).containsOnly(200, 401);
			assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void unknownAndGarbageRefreshTokensAreRefused() {
		assertThat(refresh("x".repeat(43)).status()).isEqualTo(401);
		assertThat(api.post("/api/v1/token/refresh", Map.of()).status()).isEqualTo(400);
	}

	@Test
	void logoutRefusesTheAccessTokenOnTheVeryNextRequest() {
		JsonNode login = login();
		String access = login.get("access_token").asString();
		assertThat(api.get("/api/v1/me", access).status()).isEqualTo(200);

		Api.Response logout = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/api/v1/logout"))
			.header("Authorization", "Bearer " + access)
			.POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

		assertThat(logout.status()).isEqualTo(204);
		assertThat(api.get("/api/v1/me", access).status()).isEqualTo(401);
		assertThat(refresh(login.get("refresh_token").asString()).status()).isEqualTo(401);
		assertThat(audit("logout")).isOne();
	}

	@Test
	void listsSessionsAndRevokesOne() {
		JsonNode first = login();
		JsonNode second = login();
		String access = second.get("access_token").asString();

		JsonNode sessions = api.get("/api/v1/me/sessions", access).json();
		assertThat(sessions).hasSize(2);
		String other = null;
		for (JsonNode session : sessions) {
			assertThat(session.get("ip").asString()).isEqualTo("127.0.0.1");
			assertThat(session.get("user_agent").asString()).isNotBlank();
			assertThat(session.get("created_at").asString()).isNotBlank();
			assertThat(session.get("last_used_at").asString()).isNotBlank();
			if (!session.get("current").asBoolean()) {
				other = session.get("id").asString();
			}
		}
		assertThat(other).isNotNull();

		Api.Response revoke = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/api/v1/me/sessions/" + other))
			.header("Authorization", "Bearer " + access)
			.DELETE());
		assertThat(revoke.status()).isEqualTo(204);
		assertThat(api.get("/api/v1/me", first.get("access_token").asString()).status()).isEqualTo(401);
		assertThat(api.get("/api/v1/me", access).status()).isEqualTo(200);
		assertThat(api.get("/api/v1/me/sessions", access).json()).hasSize(1);

		Api.Response again = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/api/v1/me/sessions/" + other))
			.header("Authorization", "Bearer " + access)
			.DELETE());
		assertThat(again.status()).isEqualTo(404);
	}

	private JsonNode login() {
		Api.Response response = api.post("/api/v1/login", Map.of("username", username, "password", Accounts.PASSWORD));
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	private Api.Response refresh(String token) {
		return api.post("/api/v1/token/refresh", Map.of("refresh_token", token));
	}

	private long audit(String action) {
		return jdbc.queryForObject("select count(*) from audit_events where action = ? and actor = ?", Long.class,
				action, username);
	}

}
