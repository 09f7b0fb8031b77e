package dev.authstack.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import dev.authstack.support.Processes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged jar started from Spring AOT's generated code, as the image starts it: with
 * the settings the build decided with it runs that code; with a switch the build fixed
 * set otherwise ({@code SPRINGDOC_API_DOCS_ENABLED=false}, the management server off), it
 * says so and starts the classic way, so the switch takes effect. Before
 * {@link AotStartGuard}, the API description stayed published with the switch off.
 */
@ExtendWith(PostgresExtension.class)
class AotStartGuardIT {

	private static final Path JAR = Path.of("target/auth.jar").toAbsolutePath();

	@BeforeAll
	static void jar() {
		assumeTrue(Files.isRegularFile(JAR), "target/auth.jar is built by ./mvnw package (verify does)");
	}

	@Test
	void withTheBuildsSettingsItRunsTheGeneratedCode() throws Exception {
		try (Service service = Service.start(Map.of())) {
			assertThat(service.get("/v3/api-docs").status()).isEqualTo(200);
			assertThat(service.log()).contains("Starting AOT-processed AuthApplication")
				.containsPattern("Spring AOT: the \\d+ settings the build decided with are unchanged")
				.doesNotContain("differ from the build's");
		}
	}

	@Test
	void aSwitchTheBuildFixedStartsTheClassicWayAndTakesEffect() throws Exception {
		try (Service service = Service.start(Map.of("SPRINGDOC_API_DOCS_ENABLED", "false"))) {
			assertThat(service.get("/v3/api-docs").status()).isEqualTo(404);
			assertThat(service.get("/api/v1/health").status()).isEqualTo(200);
			assertThat(service.log())
				.contains("1 setting(s) differ from the build's, which its generated code has fixed: "
						+ "springdoc.api-docs.enabled. Starting the classic way")
				.doesNotContain("Starting AOT-processed");
		}
	}

	@Test
	void theManagementServerSwitchedOffIsComparedByWhatItDecides() throws Exception {
		try (Service service = Service.start(Map.of("AUTH_MANAGEMENT_PORT", "-1"))) {
			assertThat(service.log())
				.contains("fixed: management.server.port and server.port. Starting the classic way")
				.doesNotContain("Starting AOT-processed");
			assertThat(Processes.httpGet("http://127.0.0.1:" + service.managementPort + "/actuator/health").status())
				.as("no management server")
				.isEqualTo(-1);
		}
	}

	private record Service(Process process, Path logFile, int port, int managementPort) implements AutoCloseable {

		static Service start(Map<String, String> settings) throws Exception {
			Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "aot-start-");
			int port = Processes.freePort();
			int managementPort = Processes.freePort();
			Map<String, String> env = new HashMap<>();
			env.put("AUTH_DB_URL", PostgresServer.jdbcUrl());
			env.put("AUTH_DB_USERNAME", PostgresServer.username());
			env.put("SERVER_PORT", Integer.toString(port));
			env.put("AUTH_MANAGEMENT_PORT", Integer.toString(managementPort));
			env.put("AUTH_DATA_DIR", dir.toString());
			env.putAll(settings);
			Path log = dir.resolve("service.log");
			List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-XX:TieredStopAtLevel=1", "-Dspring.aot.enabled=true", "-jar", JAR.toString());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.directory(dir.toFile());
			// only what the test sets, none of ours from the shell that runs the build
			builder.environment()
				.keySet()
				.removeIf((name) -> List.of("AUTH_", "SPRING_", "SERVER_", "MANAGEMENT_", "SPRINGDOC_", "LOGGING_")
					.stream()
					.anyMatch(name::startsWith));
			builder.environment().putAll(env);
			Process process = builder.start();
			Service service = new Service(process, log, port, managementPort);
			try {
				Processes.await("ready (/readyz 200)", Duration.ofSeconds(120), () -> {
					assertThat(process.isAlive()).as("the service exited:\n%s", service.log()).isTrue();
					return service.get("/readyz").status() == 200;
				});
			}
			catch (RuntimeException | AssertionError ex) {
				service.close();
				throw ex;
			}
			return service;
		}

		Processes.HttpResult get(String path) {
			return Processes.httpGet("http://127.0.0.1:" + port + path);
		}

		String log() {
			try {
				return Files.readString(logFile, StandardCharsets.UTF_8);
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

		@Override
		public void close() throws Exception {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				Processes.killTree(process.pid());
			}
		}

	}

}
