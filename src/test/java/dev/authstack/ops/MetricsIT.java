package dev.authstack.ops;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.NginxServer;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Prometheus metrics on the management port, which nginx never serves. */
@IntegrationTest
class MetricsIT extends RealDatabase {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void managementPortServesPrometheusTextWithHttpJvmPoolAndLoginMetrics() {
		Api app = new Api(port);
		Api management = new Api(managementPort);
		String before = scrape(management);
		String username = Accounts.uniqueName("metrics");
		assertThat(app.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
		assertThat(app.post("/api/v1/login", Map.of("username", username, "password", Accounts.PASSWORD)).status())
			.isEqualTo(200);
		assertThat(app.post("/api/v1/login", Map.of("username", username, "password", "wrong password")).status())
			.isEqualTo(401);

		Api.Response response = management.get("/actuator/prometheus");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("text/plain");
		String metrics = response.body();
		assertThat(metrics).containsPattern("(?m)^http_server_requests_seconds_count\\{.*uri=\"/api/v1/login\"")
			.containsPattern("(?m)^jvm_memory_used_bytes\\{")
			.containsPattern("(?m)^jvm_threads_live_threads ")
			.containsPattern("(?m)^hikaricp_connections_active\\{")
			.containsPattern("(?m)^hikaricp_connections_max\\{");
		assertThat(logins(metrics, "success")).isGreaterThanOrEqualTo(logins(before, "success") + 1);
		assertThat(logins(metrics, "failure")).isGreaterThanOrEqualTo(logins(before, "failure") + 1);
		assertThat(metrics).containsPattern("(?m)^authstack_logins_total\\{[^}]*result=\"lockout\"");
	}

	@Test
	void actuatorIsNotReachableThroughNginx() {
		try (NginxServer nginx = NginxServer.proxying(port).start()) {
			Api edge = new Api(nginx.baseUrl());
			for (String path : new String[] { "/actuator", "/actuator/prometheus", "/actuator/health",
					"/actuator/env" }) {
				Api.Response response = edge.get(path);
				assertThat(response.status()).as(path).isEqualTo(404);
				assertThat(response.body()).as(path).doesNotContain("jvm_").doesNotContain("hikaricp");
				assertThat(response.contentType()).as(path).startsWith("application/problem+json");
				Api.Response browser = edge.send(java.net.http.HttpRequest.newBuilder(edge.uri(path))
					.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
				assertThat(browser.status()).as(path).isEqualTo(404);
				assertThat(browser.contentType()).as(path).startsWith("text/html");
				assertThat(browser.body()).as(path).contains("404 Not Found").doesNotContain("nginx");
			}
			// while the service itself is up behind it
			assertThat(edge.get("/api/v1/health").status()).isEqualTo(200);
		}
	}

	private static String scrape(Api management) {
		Api.Response response = management.get("/actuator/prometheus");
		assertThat(response.status()).isEqualTo(200);
		return response.body();
	}

	/** The value of {@code authstack_logins_total{result="..."}}. */
	private static double logins(String metrics, String result) {
		Matcher matcher = Pattern
			.compile("(?m)^authstack_logins_total\\{[^}]*result=\"" + Pattern.quote(result) + "\"[^}]*\\} (\\S+)")
			.matcher(metrics);
		assertThat(matcher.find()).as("authstack_logins_total{result=\"%s\"} in\n%s", result, metrics).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

}
