package dev.authstack.auth;

import java.time.Duration;
import java.util.Map;

import dev.authstack.AuthApplication;
import dev.authstack.support.Accounts;
import dev.authstack.support.Await;
import dev.authstack.support.Api;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import dev.authstack.support.RedisServer;
import dev.authstack.support.Tokens;
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
 * Two replicas on one PostgreSQL and one Redis of their own: what one revokes, the other
 * refuses on the next request; a role change or a disable holds on both at once; lockout
 * counts across both; a Redis that restarts empty or loses its latest writes brings no
 * ended session back.
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

		assertThat(one.logout(token)).isEqualTo(204);

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
		assertThat(one.logout(token)).isEqualTo(204);
		assertThat(redis.command("GET", "authstack:session:" + Tokens.sessionId(token))).asString().endsWith("|0");

		redis.stop();
		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(401);
		redis.start();
		awaitRedisUp(one);
		awaitRedisUp(two);

		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(401);
		assertThat(one.get("/api/v1/me", token).status()).isEqualTo(401);
	}

	@Test
	void aDeletedAdminsTokenStaysRefusedWhenRedisRestartsEmpty() {
		String username = Accounts.uniqueName("twindeleted");
		String root = one.login(RestartedServiceIT.ADMIN, RestartedServiceIT.ADMIN_PASSWORD);
		assertThat(one.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
		assertThat(RestartedServiceIT.patch(one, root, username, "{\"roles\":[\"admin\"]}").status()).isEqualTo(200);
		String token = two.login(username, Accounts.PASSWORD);
		assertThat(one.get("/api/v1/admin/users", token).status()).isEqualTo(200);
		assertThat(RestartedServiceIT.delete(two, token).status()).isEqualTo(204);
		assertThat(one.get("/api/v1/admin/users", token).status()).isEqualTo(401);

		redis.stop();
		redis.start();
		awaitRedisUp(one);
		awaitRedisUp(two);

		for (Api api : new Api[] { one, two }) {
			assertThat(api.get("/api/v1/admin/users", token).status()).isEqualTo(401);
			assertThat(api.get("/api/v1/users/" + RestartedServiceIT.ADMIN, token).status()).isEqualTo(401);
		}
	}

	@Test
	void aRoleChangeOnOneReplicaHoldsOnTheOtherAtTheNextRequest() {
		String username = Accounts.uniqueName("twinrole");
		String root = one.login(RestartedServiceIT.ADMIN, RestartedServiceIT.ADMIN_PASSWORD);
		assertThat(one.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
		String before = two.login(username, Accounts.PASSWORD);
		assertThat(two.get("/api/v1/admin/users", before).status()).isEqualTo(403);

		assertThat(RestartedServiceIT.patch(one, root, username, "{\"roles\":[\"admin\"]}").status()).isEqualTo(200);
		assertThat(two.get("/api/v1/admin/users", before).status()).isEqualTo(200);
		String token = two.login(username, Accounts.PASSWORD);

		assertThat(RestartedServiceIT.patch(one, root, username, "{\"roles\":[\"user\"]}").status()).isEqualTo(200);
		for (Api api : new Api[] { two, one }) {
			assertThat(api.get("/api/v1/admin/users", token).status()).isEqualTo(403);
			assertThat(api.get("/api/v1/admin/users", before).status()).isEqualTo(403);
			assertThat(RestartedServiceIT.patch(api, token, username, "{\"roles\":[\"admin\"]}").status())
				.isEqualTo(403);
		}
	}

	@Test
	void aDisabledAccountIsRefusedOnEveryReplicaAtOnce() {
		String username = Accounts.uniqueName("twindisabled");
		String root = one.login(RestartedServiceIT.ADMIN, RestartedServiceIT.ADMIN_PASSWORD);
		String token = two.signupAndLogin(username, Accounts.PASSWORD);
		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(200);

		assertThat(RestartedServiceIT.patch(one, root, username, "{\"status\":\"disabled\"}").status()).isEqualTo(200);

		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(401);
		assertThat(one.get("/api/v1/me", token).status()).isEqualTo(401);
	}

	/**
	 * A failover to a Redis replica that missed the latest writes looks like this to a
	 * service: a dropped connection, then a server holding the state of a moment ago.
	 */
	@Test
	void aRedisThatLostTheLatestWritesDoesNotBringARevokedSessionBack() {
		String username = Accounts.uniqueName("twinlost");
		String token = one.signupAndLogin(username, Accounts.PASSWORD);
		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(200);
		Map<String, String[]> before = snapshot();

		assertThat(one.logout(token)).isEqualTo(204);
		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(401);

		restore(before);
		redis.command("CLIENT", "KILL", "TYPE", "normal");
		awaitRedisUp(one);
		awaitRedisUp(two);

		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(401);
		assertThat(one.get("/api/v1/me", token).status()).isEqualTo(401);
	}

	/** Every string key of the service with its value and remaining lifetime in ms. */
	private static Map<String, String[]> snapshot() {
		Map<String, String[]> values = new java.util.HashMap<>();
		for (Object key : (java.util.List<?>) redis.command("KEYS", "authstack:*")) {
			String name = String.valueOf(key);
			if ("string".equals(String.valueOf(redis.command("TYPE", name)))) {
				values.put(name, new String[] { String.valueOf(redis.command("GET", name)),
						String.valueOf(redis.command("PTTL", name)) });
			}
		}
		return values;
	}

	/** Puts the string keys back as they were: later keys gone, earlier values back. */
	private static void restore(Map<String, String[]> values) {
		for (Object key : (java.util.List<?>) redis.command("KEYS", "authstack:*")) {
			String name = String.valueOf(key);
			if ("string".equals(String.valueOf(redis.command("TYPE", name))) && !values.containsKey(name)) {
				redis.command("DEL", name);
			}
		}
		values.forEach((name, value) -> redis.command("SET", name, value[0], "PX", value[1]));
	}

	private static void awaitRedisUp(Api api) {
		Await.until(
				() -> "UP"
					.equals(api.get("/api/v1/health").json().get("components").get("redis").get("status").asString()),
				Duration.ofSeconds(20), "redis reported UP again");
	}

	private static ConfigurableApplicationContext start(RedisServer redis) {
		return new SpringApplicationBuilder(AuthApplication.class).profiles("test")
			.run("--server.port=0", "--management.server.port=0", "--auth.db.url=" + PostgresServer.jdbcUrl(),
					"--auth.db.username=" + PostgresServer.username(), "--auth.redis.url=" + redis.url(),
					"--auth.bootstrap-admin.username=" + RestartedServiceIT.ADMIN,
					"--auth.bootstrap-admin.password=" + RestartedServiceIT.ADMIN_PASSWORD);
	}

	private static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

}
