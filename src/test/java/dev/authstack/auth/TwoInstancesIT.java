package dev.authstack.auth;

import java.net.http.HttpRequest;
import java.util.Map;

import dev.authstack.AuthApplication;
import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import dev.authstack.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas on one PostgreSQL and one Redis of their own: what one revokes, the other refuses
 * on the next request; lockout counts across both; a Redis restarted empty gets the revocations
 * back from the database.
 */
@ExtendWith(PostgresExtension.class)
class TwoInstancesIT {

	static RedisServer redis;

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	static Api one;

	static Api two;

	@BeforeAll
	static void start() {
		redis = RedisServer.startNew();
		first = start(redis);
		second = start(redis);
		one = new Api(port(first));
		two = new Api(port(second));
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] { second, first }) {
			if (app != null) {
				app.close();
			}
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void logoutOnOneIsRefusedOnTheOther() {
		String username = Accounts.uniqueName("twin");
		String token = one.signupAndLogin(username, Accounts.PASSWORD);
		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(200);

		assertThat(logout(one, token).status()).isEqualTo(204);

		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(401);
		assertThat(one.get("/api/v1/me", token).status()).isEqualTo(401);
	}

	@Test
	void refreshReuseDetectedAcrossReplicas() {
		String username = Accounts.uniqueName("twinref");
		assertThat(one.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
		JsonNode login = one.post("/api/v1/login", Map.of("username", username, "password", Accounts.PASSWORD)).json();
		String old = login.get("refresh_token").asString();

		JsonNode rotated = two.post("/api/v1/token/refresh", Map.of("refresh_token", old)).json();
		assertThat(one.post("/api/v1/token/refresh", Map.of("refresh_token", old)).status()).isEqualTo(401);

		assertThat(two.get("/api/v1/me", rotated.get("access_token").asString()).status()).isEqualTo(401);
	}

	@Test
	void lockoutCountsFailuresOnEveryReplica() {
		String username = Accounts.uniqueName("twinlock");
		assertThat(one.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
		for (int i = 0; i < 5; i++) {
			Api api = i % 2 == 0 ? one : two;
			assertThat(api.post("/api/v1/login", Map.of("username", username, "password", "wrong " + i)).status())
				.isEqualTo(401);
		}
		Api.Response locked = two.post("/api/v1/login", Map.of("username", username, "password", Accounts.PASSWORD));
		assertThat(locked.status()).isEqualTo(401);
		assertThat(locked.header("Retry-After")).isNotNull();
	}

	@Test
	void revocationsSurviveARedisThatRestartsEmpty() {
		String username = Accounts.uniqueName("twinrestart");
		String token = one.signupAndLogin(username, Accounts.PASSWORD);
		assertThat(logout(one, token).status()).isEqualTo(204);
		assertThat(redis.command("KEYS", "authstack:revoked:session:*")).asString().isNotEqualTo("[]");

		redis.stop();
		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(401);
		redis.start();
		awaitRedisUp(one);
		awaitRedisUp(two);

		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(401);
		assertThat(one.get("/api/v1/me", token).status()).isEqualTo(401);
	}

	private static void awaitRedisUp(Api api) {
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (System.nanoTime() < deadline) {
			JsonNode health = api.get("/api/v1/health").json();
			if ("UP".equals(health.get("components").get("redis").get("status").asString())) {
				return;
			}
			Thread.onSpinWait();
		}
		throw new AssertionError("redis did not come back within 20 s");
	}

	private static Api.Response logout(Api api, String token) {
		return api.send(HttpRequest.newBuilder(api.uri("/api/v1/logout"))
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.noBody()));
	}

	private static ConfigurableApplicationContext start(RedisServer redis) {
		return new SpringApplicationBuilder(AuthApplication.class).profiles("test")
			.run("--server.port=0", "--management.server.port=0", "--auth.db.url=" + PostgresServer.jdbcUrl(),
					"--auth.db.username=" + PostgresServer.username(), "--auth.redis.url=" + redis.url());
	}

	private static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

}
