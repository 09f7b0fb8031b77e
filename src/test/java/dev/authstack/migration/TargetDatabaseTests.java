package dev.authstack.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.authstack.database.DatabaseProperties;
import dev.authstack.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetDatabaseTests {

	@Test
	void readsTheServicesVariablesAndTheirFiles(@TempDir Path dir) throws IOException {
		Path password = Files.writeString(dir.resolve("password"), "from-a-file\n");
		DatabaseProperties properties = TargetDatabase.properties(Map.of("AUTH_DB_URL", "jdbc:postgresql://db/auth",
				"AUTH_DB_USERNAME", "auth", "AUTH_DB_PASSWORD_FILE", password.toString()));
		assertThat(properties.url()).isEqualTo("jdbc:postgresql://db/auth");
		assertThat(properties.username()).isEqualTo("auth");
		assertThat(properties.password()).isEqualTo("from-a-file");
		assertThat(properties.embedded()).isFalse();
	}

	@Test
	void withoutAUrlTheEmbeddedDatabaseInTheDataDirectory() {
		DatabaseProperties properties = TargetDatabase.properties(Map.of("AUTH_DATA_DIR", "/var/lib/auth"));
		assertThat(properties.embedded()).isTrue();
		assertThat(properties.allowEmbedded()).isTrue();
		assertThat(properties.dataDir()).isEqualTo(Path.of("/var/lib/auth"));
		// the service's own binding of application.yml's ./data (Spring normalises the
		// path)
		assertThat(TargetDatabase.properties(Map.of()).dataDir()).isEqualTo(Path.of("./data").normalize());
	}

	@Test
	void theProdProfileRefusesTheEmbeddedDatabase() {
		DatabaseProperties properties = TargetDatabase.properties(Map.of("SPRING_PROFILES_ACTIVE", "json-logs, prod"));
		assertThat(properties.allowEmbedded()).isFalse();
		assertThatThrownBy(() -> TargetDatabase.open(properties, System.err)).hasMessageContaining("prod profile");
	}

	@Test
	void bothAVariableAndItsFileIsAnError(@TempDir Path dir) throws IOException {
		Path file = Files.writeString(dir.resolve("url"), "jdbc:postgresql://db/auth");
		assertThatThrownBy(
				() -> TargetDatabase.properties(Map.of("AUTH_DB_URL", "x", "AUTH_DB_URL_FILE", file.toString())))
			.isInstanceOfSatisfying(InvalidConfigurationException.class, ex -> {
				assertThat(ex.getMessage()).contains("AUTH_DB_URL", "AUTH_DB_URL_FILE");
				assertThat(ex.action()).contains("Set only one");
			});
	}

	@Test
	void passwordsAreRedacted() {
		assertThat(TargetDatabase.redact("jdbc:postgresql://h/db?user=a&password=s3cret&ssl=true", null))
			.isEqualTo("jdbc:postgresql://h/db?user=a&password=****&ssl=true");
		assertThat(TargetDatabase.redact("postgresql://auth:s3cret@h/db", null))
			.isEqualTo("postgresql://auth:****@h/db");
		assertThat(TargetDatabase.redact("FATAL: password s3cret rejected", "s3cret")).doesNotContain("s3cret");
		assertThat(TargetDatabase.redact("(jdbc:postgresql://h/db?password=s3cret) for user 'a'", null))
			.isEqualTo("(jdbc:postgresql://h/db?password=****) for user 'a'");
	}

}
