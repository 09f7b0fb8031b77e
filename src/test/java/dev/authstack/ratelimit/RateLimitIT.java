package dev.authstack.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RawHttp;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-process per-IP limiter of the embedded default, with nginx's defaults (api 10r/s
 * burst 20, login 10r/m burst 5, nodelay). Each test speaks from its own loopback
 * address, so the buckets are its own: Linux routes all of 127/8 to lo.
 */
@IntegrationTest
@TestPropertySource(properties = "auth.rate-limit.enabled=true")
class RateLimitIT extends RealDatabase {

	static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void theLoginZoneAllowsTheBurstThenAnswers429WithACorrectRetryAfter() throws Exception {
		RawHttp client = RawHttp.from("127.0.0.11");
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			statuses.add(login(client, Map.of()).status());
		}
		assertThat(statuses).containsOnly(401);

		RawHttp.Response limited = login(client, Map.of());
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = json.readTree(limited.body());
		assertThat(problem.get("status").asInt()).isEqualTo(429);
		assertThat(problem.get("title").asString()).isEqualTo("Too Many Requests");
		long retryAfter = Long.parseLong(limited.header("Retry-After"));
		assertThat(retryAfter).isBetween(1L, 6L);

		// another client is not affected; nor is this one's reading
		assertThat(login(RawHttp.from("127.0.0.12"), Map.of()).status()).isEqualTo(401);
		assertThat(client.get(port, "/api/v1/health", Map.of()).status()).isEqualTo(200);

		// Retry-After is honest: after it, one more login is let through
		Thread.sleep(Duration.ofSeconds(retryAfter).toMillis() + 200);
		assertThat(login(client, Map.of()).status()).isEqualTo(401);
		assertThat(login(client, Map.of()).status()).isEqualTo(429);
	}

	@Test
	void theClientAddressFollowsTheTrustRulesOfXForwardedFor() {
		RawHttp proxy = RawHttp.from("127.0.0.13");
		for (int i = 0; i < 6; i++) {
			assertThat(login(proxy, Map.of("X-Forwarded-For", "203.0.113.7")).status()).isEqualTo(401);
		}
		assertThat(login(proxy, Map.of("X-Forwarded-For", "203.0.113.7")).status()).isEqualTo(429);
		// a loopback proxy is trusted: another forwarded client has its own bucket
		assertThat(login(proxy, Map.of("X-Forwarded-For", "203.0.113.8")).status()).isEqualTo(401);
	}

	@Test
	void theApiZoneLimitsEveryRequestBeyondRateAndBurst() {
		RawHttp client = RawHttp.from("127.0.0.14");
		long t0 = System.nanoTime();
		int ok = 0;
		int limited = 0;
		for (int i = 0; i < 60; i++) {
			int status = client.get(port, "/api/v1/health", Map.of()).status();
			if (status == 429) {
				limited++;
			}
			else {
				ok++;
			}
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		System.out.printf("api zone: 60 requests in %.2f s: %d passed, %d limited%n", seconds, ok, limited);
		assertThat(limited).isPositive();
		// burst + 1 at once, then 10 per second
		assertThat(ok).isLessThanOrEqualTo(21 + (int) Math.ceil(seconds * 10) + 1);
	}

	private RawHttp.Response login(RawHttp client, Map<String, String> headers) {
		return client.postJson(port, "/api/v1/login", headers,
				Api.toJson(Map.of("username", "nobody-at-all", "password", "guess")));
	}

}
