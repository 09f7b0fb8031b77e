package dev.authstack.store.redis;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import dev.authstack.AuthApplication;
import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import dev.authstack.support.RedisExtension;
import dev.authstack.support.RedisServer;
import dev.authstack.support.StatementCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service instances on one PostgreSQL and one Redis, as in {@code --scale auth=2}:
 * lookups are served from Redis, and a change made through one instance is what the other
 * reads next.
 */
@ExtendWith({ PostgresExtension.class, RedisExtension.class })
class RedisCacheIT {

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	static Api one;

	static Api two;

	static StatementCounter statements;

	@BeforeAll
	static void startTwoInstances() {
		first = start(StatementCounter.class);
		second = start();
		one = new Api(port(first));
		two = new Api(port(second));
		statements = first.getBean(StatementCounter.class);
		RedisOutageIT.awaitRedis(one, "UP");
		RedisOutageIT.awaitRedis(two, "UP");
	}

	@AfterAll
	static void stop() {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
	}

	@Test
	void secondLookupDoesNotTouchPostgres() {
		String username = Accounts.uniqueName("cached");
		String token = one.signupAndLogin(username, Accounts.PASSWORD);

		assertThat(one.get("/api/v1/users/" + username, token).status()).isEqualTo(200);
		int before = statements.byRequests().size();
		Api.Response again = one.get("/api/v1/users/" + username, token);
		List<StatementCounter.Executed> during = statements.byRequests()
			.subList(before, statements.byRequests().size());

		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("username").asString()).isEqualTo(username);
		assertThat(during).as("SQL run by the second lookup").isEmpty();
	}

	@Test
	void cachesPlainJsonUnderAVersionedKeyWithATtl() {
		String username = Accounts.uniqueName("layout");
		String token = one.signupAndLogin(username, Accounts.PASSWORD);
		assertThat(one.get("/api/v1/users/" + username, token).status()).isEqualTo(200);

		RedisServer redis = RedisServer.shared();
		String key = "authstack:v1:accounts::name:" + username;
		String json = (String) redis.command("GET", key);
		assertThat(json).as("cache entry " + key).isNotNull();
		JsonNode value = JsonMapper.builder().build().readTree(json);
		assertThat(value.get("username").asString()).isEqualTo(username);
		assertThat(value.has("@class")).isFalse();
		assertThat(json).doesNotContain("argon2").doesNotContain("password");
		assertThat((Long) redis.command("PTTL", key)).isBetween(1L, 5 * 60 * 1000L);
	}

	@Test
	void profileChangeOnOneInstanceIsSeenOnTheOtherAtTheNextRead() {
		String username = Accounts.uniqueName("moving");
		String token = one.signupAndLogin(username, Accounts.PASSWORD);
		// both instances have read it, so Redis holds it
		assertThat(one.get("/api/v1/users/" + username, token).status()).isEqualTo(200);
		assertThat(two.get("/api/v1/users/" + username, token).status()).isEqualTo(200);

		Api.Response patch = two.send(HttpRequest.newBuilder(two.uri("/api/v1/me"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(Api.toJson(Map.of("first_name", "Renamed")))));
		assertThat(patch.status()).as("PATCH /api/v1/me (issue 3) answered %s: %s", patch.status(), patch.body())
			.isBetween(200, 204);

		Api.Response read = one.get("/api/v1/users/" + username, token);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().get("first_name").asString()).isEqualTo("Renamed");
	}

	@Test
	void healthShowsRedisUp() {
		Api.Response health = one.get("/api/v1/health");

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("components").get("redis").get("status").asString()).isEqualTo("UP");
	}

	@Test
	void exposesCacheAndRedisMetricsOnTheManagementPort() {
		String username = Accounts.uniqueName("metrics");
		String token = one.signupAndLogin(username, Accounts.PASSWORD);
		one.get("/api/v1/users/" + username, token);
		one.get("/api/v1/users/" + username, token);

		int managementPort = Integer.parseInt(first.getEnvironment().getProperty("local.management.port"));
		String metrics = new Api(managementPort).get("/actuator/prometheus").body();

		assertThat(metrics).containsPattern("authstack_cache_requests_total\\{[^}]*result=\"hit\"[^}]*\\} [1-9]");
		assertThat(metrics).containsPattern("lettuce_command_completion_seconds_count\\{[^}]*command=\"GET\"");
		assertThat(metrics).contains("authstack_redis_commands_seconds_count");
	}

	static ConfigurableApplicationContext start(Class<?>... extraSources) {
		Class<?>[] sources = new Class<?>[extraSources.length + 1];
		sources[0] = AuthApplication.class;
		System.arraycopy(extraSources, 0, sources, 1, extraSources.length);
		return new SpringApplicationBuilder(sources).profiles("test")
			.run("--server.port=0", "--management.server.port=0", "--auth.db.url=" + PostgresServer.jdbcUrl(),
					"--auth.db.username=" + PostgresServer.username(),
					"--auth.redis.url=" + RedisServer.shared().url());
	}

	static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

}
