package dev.authstack.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.authstack.AuthApplication;
import dev.authstack.support.Api;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import dev.authstack.support.RawHttp;
import dev.authstack.support.RedisExtension;
import dev.authstack.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Two replicas on one redis-server draw on the same per-IP buckets. */
@ExtendWith({ PostgresExtension.class, RedisExtension.class })
class RateLimitRedisIT {

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	@BeforeAll
	static void start() {
		first = start(RedisServer.shared());
		second = start(RedisServer.shared());
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] { second, first }) {
			if (app != null) {
				app.close();
			}
		}
	}

	@Test
	void theLoginBurstIsSharedByTheReplicas() throws InterruptedException {
		// a slow machine may time out the first connection; both must be on Redis before
		// this counts
		for (ConfigurableApplicationContext app : List.of(first, second)) {
			awaitRedis(app);
		}
		RawHttp client = RawHttp.from("127.0.0.21");
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			statuses.add(login(client, i % 2 == 0 ? first : second).status());
		}
		assertThat(statuses).containsOnly(401);
		RawHttp.Response limited = login(client, second);
		assertThat(limited.status()).isEqualTo(429);
		assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 6L);
		assertThat(login(client, first).status()).isEqualTo(429);
		assertThat(RedisServer.shared().command("KEYS", "authstack:ratelimit:login:127.0.0.21*")).asList().hasSize(1);
	}

	private static void awaitRedis(ConfigurableApplicationContext app) throws InterruptedException {
		Api api = new Api(port(app));
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (System.nanoTime() < deadline) {
			if (api.get("/api/v1/health").body().contains("\"redis\":{\"status\":\"UP\"}")) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("Redis not UP on port " + port(app) + " within 30 s");
	}

	private static RawHttp.Response login(RawHttp client, ConfigurableApplicationContext app) {
		return client.postJson(port(app), "/api/v1/login", Map.of(),
				Api.toJson(Map.of("username", "nobody-here", "password", "guess")));
	}

	private static ConfigurableApplicationContext start(RedisServer redis) {
		return new SpringApplicationBuilder(AuthApplication.class).profiles("test")
			.run("--server.port=0", "--management.server.port=0", "--auth.db.url=" + PostgresServer.jdbcUrl(),
					"--auth.db.username=" + PostgresServer.username(), "--auth.redis.url=" + redis.url(),
					"--auth.rate-limit.enabled=true");
	}

	private static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

}
