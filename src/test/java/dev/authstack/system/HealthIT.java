package dev.authstack.system;

import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class HealthIT extends RealDatabase {

	@LocalServerPort
	int port;

	@Test
	void reportsTheDatabaseUp() {
		Api.Response response = new Api(port).get("/api/v1/health");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("status").asString()).isEqualTo("UP");
		assertThat(response.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
	}

	@Test
	void showsNoRedisWhileSharedStateIsInProcess() {
		Api.Response response = new Api(port).get("/api/v1/health");

		assertThat(response.json().get("components").has("redis")).isFalse();
	}

	@Test
	void servesLivenessAndReadiness() {
		Api api = new Api(port);
		assertThat(api.get("/livez").status()).isEqualTo(200);
		assertThat(api.get("/readyz").status()).isEqualTo(200);
	}

}
