package dev.authstack.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretFilesEnvironmentPostProcessorTests {

	@TempDir
	Path dir;

	@Test
	void readsTheFileIntoTheVariableWithoutTheTrailingNewline() throws Exception {
		Path secret = Files.writeString(dir.resolve("db"), "s3cret value\n");

		Map<String, Object> resolved = SecretFilesEnvironmentPostProcessor
			.resolve(Map.of("AUTH_DB_PASSWORD_FILE", secret.toString()));

		assertThat(resolved).containsEntry("AUTH_DB_PASSWORD", "s3cret value").hasSize(1);
	}

	@Test
	void refusesBothTheVariableAndItsFileWithoutEchoingTheSecret() throws Exception {
		Path secret = Files.writeString(dir.resolve("db"), "from-file");

		assertThatThrownBy(() -> SecretFilesEnvironmentPostProcessor
			.resolve(Map.of("AUTH_DB_PASSWORD_FILE", secret.toString(), "AUTH_DB_PASSWORD", "from-env")))
			.hasMessageContaining("AUTH_DB_PASSWORD")
			.hasMessageNotContaining("from-env")
			.hasMessageNotContaining("from-file");
	}

	@Test
	void leavesPathVariablesAndOtherProgramsAlone() {
		Map<String, Object> resolved = SecretFilesEnvironmentPostProcessor
			.resolve(Map.of("AUTH_JWT_SIGNING_KEY_FILE", "/does/not/exist", "TF_CLI_CONFIG_FILE", "/does/not/exist"));

		assertThat(resolved).isEmpty();
	}

	@Test
	void failsClearlyOnAMissingFile() {
		assertThatThrownBy(() -> SecretFilesEnvironmentPostProcessor
			.resolve(Map.of("AUTH_REDIS_URL_FILE", dir.resolve("missing").toString())))
			.hasMessageContaining("AUTH_REDIS_URL_FILE");
	}

}
