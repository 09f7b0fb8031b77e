package dev.authstack.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.authstack.AuthApplication;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import dev.authstack.support.RedisExtension;
import dev.authstack.support.RedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurablePropertyResolver;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.web.context.support.StandardServletEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The configuration mistakes a person makes, tried on the packaged jar as they would run
 * it (and, where the JVM's start would only add time, through SpringApplication in this
 * JVM with the same environment): the service stops with one "APPLICATION FAILED TO
 * START" box that names the setting and says what to do, exits non-zero, and prints no
 * stack trace (unless debug logging is asked for).
 */
@ExtendWith({ PostgresExtension.class, RedisExtension.class })
class StartupFailuresIT {

	private static final Path JAR = Path.of("target/auth.jar").toAbsolutePath();

	@BeforeAll
	static void jar() {
		assumeTrue(Files.isRegularFile(JAR), "target/auth.jar is built by ./mvnw package (verify does)");
	}

	@Test
	void aSecretGivenTwice() throws Exception {
		Path file = Files.writeString(Files.createTempFile("db-password", ".txt"), "s3cret-in-the-file");
		Run run = start(Map.of("AUTH_DB_PASSWORD", "s3cret-in-the-env", "AUTH_DB_PASSWORD_FILE", file.toString()));
		run.assertFailedWith("Both AUTH_DB_PASSWORD and AUTH_DB_PASSWORD_FILE are set.", "Set only one of them");
		assertThat(run.output()).doesNotContain("s3cret-in-the-file", "s3cret-in-the-env");
	}

	@Test
	void aSecretFileThatCannotBeRead() throws Exception {
		Run run = startInProcess(Map.of("AUTH_DB_PASSWORD_FILE", "/no/such/secret"));
		run.assertFailedWith(
				"Cannot read /no/such/secret, the file AUTH_DB_PASSWORD_FILE names: there is no such file.",
				"Point AUTH_DB_PASSWORD_FILE at a readable file");
	}

	@Test
	void prodWithoutRedis() throws Exception {
		Run run = startInProcess(Map.of("SPRING_PROFILES_ACTIVE", "prod", "AUTH_DB_URL", PostgresServer.jdbcUrl(),
				"AUTH_DB_USERNAME", PostgresServer.username()));
		run.assertFailedWith(
				"AUTH_REDIS_URL is not set, and this profile (prod) does not allow in-process shared state",
				"Point AUTH_REDIS_URL");
	}

	@Test
	void prodWithMailFlowsButNoSmtpServer() throws Exception {
		Run run = startInProcess(Map.of("SPRING_PROFILES_ACTIVE", "prod", "AUTH_DB_URL", PostgresServer.jdbcUrl(),
				"AUTH_DB_USERNAME", PostgresServer.username(), "AUTH_REDIS_URL", RedisServer.shared().url(),
				"AUTH_PUBLIC_URL", "https://auth.example.com", "AUTH_JWT_ISSUER", "https://auth.example.com"));
		run.assertFailedWith(
				"No SMTP server is configured and this profile writes no mail files, but "
						+ "AUTH_EMAIL_VERIFICATION=optional and AUTH_PASSWORD_RESET=true need mail.",
				"Set AUTH_SMTP_URL (smtp://user@host:587), or switch the flows off");
	}

	@Test
	void prodWithoutADatabase() throws Exception {
		Map<String, String> env = new HashMap<>(
				Map.of("SPRING_PROFILES_ACTIVE", "prod", "AUTH_REDIS_URL", "redis://127.0.0.1:1"));
		Run run = startInProcess(env, false);
		run.assertFailedWith("AUTH_DB_URL is not set, and this profile does not allow the embedded database.",
				"Point AUTH_DB_URL at a PostgreSQL server");
	}

	@Test
	void prodOnADatabaseNobodyMigrated() throws Exception {
		String url = PostgresServer.createDatabase("never_migrated");
		Run run = startInProcess(Map.of("SPRING_PROFILES_ACTIVE", "prod", "AUTH_REDIS_URL", "redis://127.0.0.1:1",
				"AUTH_DB_URL", url, "AUTH_DB_USERNAME", PostgresServer.username()));
		run.assertFailedWith("has not been migrated", "db upgrade head");
	}

	@Test
	void aBootstrapAdminPasswordASignupWouldRefuse() throws Exception {
		String username = "boss" + ProcessHandle.current().pid() + System.nanoTime() % 100000;
		Run run = startInProcess(
				Map.of("AUTH_BOOTSTRAP_ADMIN_USERNAME", username, "AUTH_BOOTSTRAP_ADMIN_PASSWORD", "hunter2"));
		run.assertFailedWith(
				"The bootstrap admin account cannot be created: AUTH_BOOTSTRAP_ADMIN_PASSWORD must be 8 to "
						+ "128 characters.",
				"a username and password that a signup would accept");
		assertThat(run.output()).doesNotContain("hunter2");
	}

	@Test
	void aDatabaseThatIsNotThere() throws Exception {
		int closed = freePort();
		Run run = startInProcess(Map.of("AUTH_DB_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/auth?password=hush",
				"AUTH_DB_USERNAME", "auth"));
		run.assertFailedWith(
				"Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:" + closed + "/auth (AUTH_DB_URL)",
				"correct AUTH_DB_URL");
		assertThat(run.output()).doesNotContain("hush");
	}

	@Test
	void theHttpPortTaken() throws Exception {
		try (ServerSocket taken = listen()) {
			int port = taken.getLocalPort();
			Run run = startInProcess(Map.of("SERVER_PORT", Integer.toString(port)));
			run.assertFailedWith("Port " + port + " is already in use by another process; the service needs it as "
					+ "the HTTP port", "SERVER_PORT=");
		}
	}

	@Test
	void theManagementPortTaken() throws Exception {
		try (ServerSocket taken = listen()) {
			int port = taken.getLocalPort();
			Run run = start(Map.of("AUTH_MANAGEMENT_PORT", Integer.toString(port)));
			run.assertFailedWith("Port " + port + " is already in use by another process; the service needs it as "
					+ "the management port", "AUTH_MANAGEMENT_PORT=");
		}
	}

	@Test
	void aNumberThatIsNotANumber() throws Exception {
		start(Map.of("AUTH_LOCKOUT_MAXFAILURES", "abc")).assertFailedWith(
				"AUTH_LOCKOUT_MAXFAILURES is \"abc\", which is not a whole number",
				"Set AUTH_LOCKOUT_MAXFAILURES to a whole number");
		startInProcess(Map.of("SERVER_PORT", "eighty")).assertFailedWith(
				"SERVER_PORT is \"eighty\", which is not a whole number", "Set SERVER_PORT to a whole number");
	}

	@Test
	void aDurationThatIsNotADuration() throws Exception {
		startInProcess(Map.of("AUTH_LOCKOUT_WINDOW", "a while")).assertFailedWith(
				"AUTH_LOCKOUT_WINDOW is \"a while\", which is not a duration such as", "Set AUTH_LOCKOUT_WINDOW to");
	}

	@Test
	void aValueBelowItsMinimum() throws Exception {
		startInProcess(Map.of("AUTH_PASSWORD_ARGON2_MEMORYKIB", "1024")).assertFailedWith(
				"AUTH_PASSWORD_ARGON2_MEMORYKIB is \"1024\": must be greater than or equal to 19456",
				"Change AUTH_PASSWORD_ARGON2_MEMORYKIB");
	}

	@Test
	void aPollIntervalOfZero() throws Exception {
		startInProcess(Map.of("AUTH_SESSION_CHANGEPOLLINTERVAL", "0s")).assertFailedWith(
				"AUTH_SESSION_CHANGEPOLLINTERVAL is \"PT0S\": must be longer than or equal to 1 milli",
				"Change AUTH_SESSION_CHANGEPOLLINTERVAL");
	}

	@Test
	void anEmbeddedDatabaseOfAnotherMajorVersionIsLeftAlone() throws Exception {
		Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pg14-");
		Path cluster = Files.createDirectories(dataDir.resolve("postgres"));
		Files.writeString(cluster.resolve("PG_VERSION"), "14\n");
		Files.writeString(cluster.resolve("postgresql.conf"), "# made by PostgreSQL 14\n");
		List<String> before = listing(cluster);

		Map<String, String> env = new HashMap<>(Map.of("AUTH_DATA_DIR", dataDir.toString()));
		env.remove("AUTH_DB_URL");
		Run run = start(env, false);
		run.assertFailedWith(
				"was made by PostgreSQL 14; this version of the service runs PostgreSQL 17, which cannot open it",
				"mv " + cluster + " " + dataDir.resolve("postgres-14"));
		assertThat(listing(cluster)).isEqualTo(before);
		assertThat(Files.readString(cluster.resolve("postgresql.conf"))).isEqualTo("# made by PostgreSQL 14\n");
	}

	@Test
	void debugLoggingShowsTheStackTrace() throws Exception {
		Run run = startInProcess(Map.of("AUTH_LOCKOUT_MAXFAILURES", "abc",
				"LOGGING_LEVEL_ORG_SPRINGFRAMEWORK_BOOT_DIAGNOSTICS", "debug"));
		assertThat(run.exit()).isNotZero();
		assertThat(run.output()).contains("APPLICATION FAILED TO START").contains("\tat ");
	}

	private static List<String> listing(Path dir) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.map(file -> dir.relativize(file) + " " + file.toFile().length()).sorted().toList();
		}
	}

	private static ServerSocket listen() throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.bind(new InetSocketAddress("0.0.0.0", 0));
		return socket;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = listen()) {
			return socket.getLocalPort();
		}
	}

	/**
	 * On the test PostgreSQL (no embedded start) and free ports, unless the case says
	 * otherwise.
	 */
	private static Run start(Map<String, String> env) throws Exception {
		return start(env, true);
	}

	/**
	 * The same through {@link SpringApplication} in this JVM (a few seconds instead of a
	 * JVM's start): {@code env} is the process environment the application sees, through
	 * the same {@code getSystemEnvironment()} the real one comes from; the console is
	 * captured.
	 */
	private static Run startInProcess(Map<String, String> env) throws Exception {
		return startInProcess(env, true);
	}

	private static Run startInProcess(Map<String, String> given, boolean testDatabase) throws Exception {
		Map<String, Object> env = new HashMap<>(environment(testDatabase));
		env.putAll(given);
		// what Spring Boot makes for a servlet application
		// (ApplicationServletEnvironment), but with this process environment
		StandardServletEnvironment environment = new StandardServletEnvironment() {
			@Override
			public Map<String, Object> getSystemEnvironment() {
				return env;
			}

			@Override
			protected String doGetActiveProfilesProperty() {
				return null;
			}

			@Override
			protected String doGetDefaultProfilesProperty() {
				return null;
			}

			@Override
			protected ConfigurablePropertyResolver createPropertyResolver(MutablePropertySources sources) {
				return ConfigurationPropertySources.createPropertyResolver(sources);
			}
		};
		PrintStream originalOut = System.out;
		PrintStream originalErr = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
		boolean failed = false;
		System.setOut(capture);
		System.setErr(capture);
		try {
			SpringApplication application = new SpringApplication(AuthApplication.class);
			// the AOT initializer, when run with -Dspring.aot.enabled=true, is found by
			// this name
			application.setMainApplicationClass(AuthApplication.class);
			application.setEnvironment(environment);
			application.run().close();
		}
		catch (RuntimeException ex) {
			failed = true;
		}
		finally {
			System.setOut(originalOut);
			System.setErr(originalErr);
		}
		String text = captured.toString(StandardCharsets.UTF_8);
		originalOut.print(text);
		return new Run(failed ? 1 : 0, text);
	}

	private static Map<String, String> environment(boolean testDatabase) throws IOException {
		Map<String, String> env = new HashMap<>();
		if (testDatabase) {
			env.put("AUTH_DB_URL", PostgresServer.jdbcUrl());
			env.put("AUTH_DB_USERNAME", PostgresServer.username());
		}
		env.put("SERVER_PORT", Integer.toString(freePort()));
		env.put("AUTH_MANAGEMENT_PORT", Integer.toString(freePort()));
		env.put("AUTH_DATA_DIR", Files.createTempDirectory(Path.of("target").toAbsolutePath(), "startup-").toString());
		return env;
	}

	private static Run start(Map<String, String> env, boolean testDatabase) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-jar", JAR.toString());
		builder.environment()
			.keySet()
			.removeIf(name -> name.startsWith("AUTH_") || name.startsWith("SPRING_") || name.startsWith("SERVER_")
					|| name.startsWith("LOGGING_"));
		builder.environment().putAll(environment(testDatabase));
		builder.environment().putAll(env);
		builder.redirectErrorStream(true);
		Path output = Files.createTempFile("startup", ".log");
		builder.redirectOutput(output.toFile());
		Process process = builder.start();
		boolean ended = process.waitFor(2, TimeUnit.MINUTES);
		if (!ended) {
			process.destroyForcibly().waitFor();
		}
		String text = Files.readString(output, StandardCharsets.UTF_8);
		Files.deleteIfExists(output);
		assertThat(ended).as("the service should have refused to start:\n" + text).isTrue();
		return new Run(process.exitValue(), text);
	}

	record Run(int exit, String output) {

		void assertFailedWith(String description, String action) {
			assertThat(exit).as(output).isNotZero();
			assertThat(output).as(output)
				.contains("APPLICATION FAILED TO START")
				.contains("Description:")
				.contains(description)
				.contains("Action:")
				.contains(action)
				// no stack trace, and no exception named instead of the reason
				.doesNotContain("\tat ", "Caused by:", "Exception:", "Application run failed");
			assertThat(output.split("APPLICATION FAILED TO START", -1)).as("one box").hasSize(2);
		}

	}

}
