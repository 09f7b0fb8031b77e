package dev.authstack.database;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.authstack.AuthApplication;
import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No AUTH_DB_URL: the service runs its own PostgreSQL, and the data outlives a restart.
 */
class EmbeddedDefaultIT {

	@Test
	void keepsAccountsAndSigningKeyAcrossRestarts() throws Exception {
		Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "embedded-default-");
		String username = Accounts.uniqueName("keep");
		String kid;
		try (ConfigurableApplicationContext app = start(dataDir)) {
			Api api = new Api(port(app));
			assertThat(api.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
			kid = api.get("/.well-known/jwks.json").json().get("keys").get(0).get("kid").asString();
		}
		// the binaries the build depends on are the major version the code and the README
		// say (the stack's)
		assertThat(Files.readString(dataDir.resolve("postgres/PG_VERSION")).strip())
			.isEqualTo(Integer.toString(EmbeddedDatabase.MAJOR_VERSION));

		try (ConfigurableApplicationContext app = start(dataDir)) {
			Api api = new Api(port(app));
			String token = api.login(username, Accounts.PASSWORD);
			assertThat(api.get("/api/v1/users/" + username, token).status()).isEqualTo(200);
			assertThat(api.get("/.well-known/jwks.json").json().get("keys").get(0).get("kid").asString())
				.isEqualTo(kid);
		}
	}

	@Test
	void prodProfileRefusesTheEmbeddedDatabase() throws Exception {
		Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "embedded-prod-");
		assertThatThrownBy(() -> new SpringApplicationBuilder(AuthApplication.class).main(AuthApplication.class)
			.profiles("prod")
			.run("--server.port=0", "--management.server.port=0", "--auth.db.url=", "--auth.db.data-dir=" + dataDir,
					"--auth.redis.url=redis://127.0.0.1:1")
			.close()).hasStackTraceContaining("AUTH_DB_URL is not set");
		assertThat(dataDir.resolve("postgres")).doesNotExist();
	}

	private static ConfigurableApplicationContext start(Path dataDir) {
		return new SpringApplicationBuilder(AuthApplication.class).main(AuthApplication.class)
			.profiles("test")
			.run("--server.port=0", "--management.server.port=0", "--auth.db.url=", "--auth.db.data-dir=" + dataDir);
	}

	private static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

}
