package dev.authstack.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations files pass their linters (scripts/lint-ops: compose, shellcheck, the
 * Dockerfile linter, nginx -t), and compose takes TAG from .env unless the shell sets it.
 */
class OpsLintIT {

	@Test
	void lintOpsPasses() throws Exception {
		Result lint = run(List.of("bash", "scripts/lint-ops"), Map.of(), 300);

		assertThat(lint.exitCode()).as("scripts/lint-ops output:\n%s", lint.output()).isZero();
		assertThat(lint.output()).contains("lint-ops: all checks passed");
	}

	@Test
	void composeTakesTheImageTagFromDotEnvUnlessTheShellSetsIt() throws Exception {
		String dotEnvTag = Files.readAllLines(Path.of(".env"))
			.stream()
			.filter(line -> line.startsWith("TAG="))
			.map(line -> line.substring("TAG=".length()).trim())
			.findFirst()
			.orElseThrow(() -> new AssertionError(".env sets no TAG"));

		assertThat(images(Map.of())).containsEntry("auth", "authstack/auth:" + dotEnvTag)
			.containsEntry("webserver", "authstack/webserver:" + dotEnvTag);
		assertThat(images(Map.of("TAG", "local"))).containsEntry("auth", "authstack/auth:local")
			.containsEntry("webserver", "authstack/webserver:local");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theAuthContainerGetsNoneOfComposesOwnSettings() throws Exception {
		Result config = run(List.of(composeBinary(), "-f", "docker-compose.yml", "config"), Map.of(), 60);
		assertThat(config.exitCode()).as("docker-compose config:\n%s", config.output()).isZero();
		Map<String, Object> services = (Map<String, Object>) new Yaml().<Map<String, Object>>load(config.stdout())
			.get("services");
		Map<String, Object> auth = (Map<String, Object>) services.get("auth");
		Map<String, Object> environment = (Map<String, Object>) auth.get("environment");

		assertThat(auth).doesNotContainKey("env_file");
		assertThat(environment.keySet()).as("the auth service's environment")
			.noneMatch(name -> name.equals("TAG") || name.startsWith("COMPOSE_") || name.startsWith("WEBSERVER_")
					|| name.startsWith("NGINX_"));
		// while the service's own settings from .env still arrive
		assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "stage")
			.containsEntry("AUTH_BOOTSTRAP_ADMIN_USERNAME", "admin");
	}

	/** service → image, as `docker-compose config` resolves them. */
	@SuppressWarnings("unchecked")
	private static Map<String, String> images(Map<String, String> shell) throws Exception {
		Result config = run(List.of(composeBinary(), "-f", "docker-compose.yml", "config"), shell, 60);
		assertThat(config.exitCode()).as("docker-compose config:\n%s", config.output()).isZero();
		Map<String, Object> services = (Map<String, Object>) new Yaml().<Map<String, Object>>load(config.stdout())
			.get("services");
		Map<String, String> images = new java.util.TreeMap<>();
		services.forEach((name, service) -> {
			Object image = ((Map<String, Object>) service).get("image");
			if (image != null) {
				images.put(name, image.toString());
			}
		});
		return images;
	}

	private static String composeBinary() {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
			if (Files.isExecutable(Path.of(dir, "docker-compose"))) {
				return Path.of(dir, "docker-compose").toString();
			}
		}
		throw new IllegalStateException(
				"docker-compose not found on PATH: install Debian's docker-compose (apt-get install docker-compose; scripts/test does)");
	}

	/**
	 * Runs a command from the repository root; TAG and the NGINX_* settings come only
	 * from {@code shell}.
	 */
	private static Result run(List<String> command, Map<String, String> shell, int timeoutSeconds)
			throws IOException, InterruptedException {
		Path target = Path.of("target").toAbsolutePath();
		Path stdout = Files.createTempFile(target, "ops-", ".out");
		Path stderr = Files.createTempFile(target, "ops-", ".err");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
				.redirectError(stderr.toFile());
			builder.environment()
				.keySet()
				.removeIf(key -> key.equals("TAG") || key.startsWith("NGINX_") || key.startsWith("WEBSERVER_")
						|| key.startsWith("COMPOSE_"));
			builder.environment().putAll(shell);
			Process process = builder.start();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s:\n"
						+ Files.readString(stdout) + Files.readString(stderr));
			}
			return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
		}
		finally {
			Files.deleteIfExists(stdout);
			Files.deleteIfExists(stderr);
		}
	}

	record Result(int exitCode, String stdout, String stderr) {

		String output() {
			return stdout + (stderr.isEmpty() ? "" : "\n--- stderr:\n" + stderr);
		}

	}

}
