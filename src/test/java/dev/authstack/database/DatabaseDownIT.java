package dev.authstack.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.authstack.AuthApplication;
import dev.authstack.support.Api;
import dev.authstack.support.Await;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database of its own, stopped under the running service: health must say so with 503.
 */
class DatabaseDownIT {

	@Test
	void healthIs503WhileTheDatabaseIsDownAndRecovers() throws IOException {
		Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "down-pg-");
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(dir)
			.setCleanDataDirectory(false)
			.start();
		int pgPort = postgres.getPort();
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(AuthApplication.class)
			.main(AuthApplication.class)
			.profiles("test")
			.run("--server.port=0", "--management.server.port=0",
					"--auth.db.url=" + postgres.getJdbcUrl("postgres", "postgres"), "--auth.db.username=postgres",
					"--auth.db.connection-timeout=1s")) {
			Api api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
			assertThat(api.get("/api/v1/health").status()).isEqualTo(200);

			postgres.close();
			Api.Response down = api.get("/api/v1/health");
			assertThat(down.status()).isEqualTo(503);
			assertThat(down.json().get("status").asString()).isEqualTo("DOWN");
			assertThat(down.json().get("components").get("db").get("status").asString()).isEqualTo("DOWN");
			assertThat(api.get("/readyz").status()).isEqualTo(503);

			postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dir)
				.setCleanDataDirectory(false)
				.setPort(pgPort)
				.start();
			// the pool drops its dead connections and connects again by itself, no
			// restart
			Await.until(() -> api.get("/api/v1/health").status() == 200, Duration.ofSeconds(30),
					"health back to 200 after PostgreSQL restarted");
		}
		finally {
			postgres.close();
		}
	}

}
