package dev.authstack.ops;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.NginxServer;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-entrypoint.sh run outside a container, the way the image runs it: against a
 * fresh, empty database on the test PostgreSQL, reached as a role with a password that is
 * enforced (scram) and given as a *_FILE secret, which only the JVM reads. The entrypoint
 * runs {@code db upgrade head} from target/auth.jar (which waits for the database
 * itself), then execs the service; the service's logs go to AUTH_LOG_DIR per host and, as
 * JSON, to the console.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EntrypointIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(170);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Path work;

	private String database;

	private String role;

	private String password;

	private int serverPort;

	private int managementPort;

	private Process service;

	private long started;

	@BeforeAll
	@Timeout(value = 4, unit = TimeUnit.MINUTES)
	void startTheEntrypoint() throws Exception {
		work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-entrypoint-");
		String url = PostgresServer.createDatabase("entrypoint");
		database = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
		role = "auth_" + database;
		password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
		createRoleWithPassword();

		Path secret = work.resolve("auth_db_password");
		Files.writeString(secret, password + "\n");
		Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));

		serverPort = NginxServer.freePort();
		managementPort = NginxServer.freePort();
		Map<String, String> env = baseEnvironment();
		env.put("AUTH_DB_URL", "jdbc:postgresql://127.0.0.1:" + PostgresServer.port() + "/" + database);
		env.put("AUTH_DB_USERNAME", role);
		env.put("AUTH_DB_PASSWORD_FILE", secret.toString());
		env.put("AUTH_DB_WAIT_SECONDS", "30");
		env.put("SERVER_PORT", Integer.toString(serverPort));
		env.put("AUTH_MANAGEMENT_PORT", Integer.toString(managementPort));
		env.put("AUTH_DATA_DIR", work.resolve("data").toString());
		env.put("AUTH_LOG_DIR", work.resolve("logs").toString());
		env.put("AUTH_LOG_DIR_PER_HOST", "true");
		env.put("AUTH_LOG_FORMAT", "json");
		// every failed login locks: one request makes a WARN line for error.log
		env.put("AUTH_LOCKOUT_MAX_FAILURES", "1");

		started = System.nanoTime();
		service = entrypoint(env);
		awaitOrFail(START_TIMEOUT, () -> healthStatus() == 200, "the service to answer /api/v1/health");
		System.out.printf("entrypoint: migrated and serving after %d s%n",
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
	}

	@AfterAll
	void stop() throws InterruptedException {
		if (service != null && service.isAlive()) {
			service.destroy();
			if (!service.waitFor(30, TimeUnit.SECONDS)) {
				service.destroyForcibly();
			}
		}
	}

	@Test
	@Order(1)
	void migratesAnEmptyDatabaseThenExecsTheService() throws Exception {
		String stderr = stderr();
		assertThat(stderr).contains("running database migrations: db upgrade head").contains("starting the service");
		assertThat(stderr.indexOf("running database migrations")).isLessThan(stderr.indexOf("starting the service"));

		try (Connection connection = connectAsRole(password);
				Statement statement = connection.createStatement();
				ResultSet versions = statement.executeQuery(
						"select max(version::int) from flyway_schema_history where success and version is not null")) {
			versions.next();
			assertThat(versions.getInt(1)).as("migrated up to the newest V{n}__ script")
				.isEqualTo(newestMigrationVersion());
		}

		JsonNode health = json.readTree(get(serverPort, "/api/v1/health").body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
		// exec: the entrypoint's process (our child) is now the JVM, not a shell waiting
		// for it
		String command = ProcessHandle.of(service.pid()).flatMap(p -> p.info().command()).orElse("");
		assertThat(command).endsWith("/java");
		assertThat(service.children().count()).isZero();
	}

	@Test
	@Order(2)
	void connectsWithThePasswordFromTheFileAndNeverPrintsIt() throws Exception {
		try (Connection connection = PostgresServer.get().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement();
				ResultSet users = statement
					.executeQuery("select usename from pg_stat_activity where datname = '" + database + "'")) {
			List<String> names = new ArrayList<>();
			while (users.next()) {
				names.add(users.getString(1));
			}
			assertThat(names).as("the service's pool connections").isNotEmpty().containsOnly(role);
		}
		for (Path output : allOutput()) {
			assertThat(Files.readString(output)).as(output.toString()).doesNotContain(password);
		}
	}

	@Test
	@Order(3)
	void logsJsonToTheConsoleAndRollingFilesPerHostWithTheRequestId() throws Exception {
		String signupId = "it-signup-" + UUID.randomUUID();
		String lockoutId = "it-lockout-" + UUID.randomUUID();
		String username = Accounts.uniqueName("logs");
		assertThat(post("/api/v1/signup", signupId, Accounts.signup(username)).statusCode()).isEqualTo(201);
		assertThat(post("/api/v1/login", lockoutId, Map.of("username", username, "password", "wrong")).statusCode())
			.isEqualTo(401);

		Path dir = work.resolve("logs").resolve(InetAddress.getLocalHost().getHostName());
		Path appLog = dir.resolve("app.log");
		Path errorLog = dir.resolve("error.log");
		awaitOrFail(Duration.ofSeconds(10), () -> read(appLog).contains(lockoutId), lockoutId + " in " + appLog);
		List<String> app = read(appLog).lines().toList();
		assertThat(app).filteredOn(line -> line.contains("Account " + username + " created"))
			.singleElement()
			.asString()
			.contains(" INFO ")
			.contains("[" + signupId + "]");
		assertThat(app).filteredOn(line -> line.contains("Login locked"))
			.anySatisfy(line -> assertThat(line).contains(" WARN ").contains("[" + lockoutId + "]"));

		List<String> errors = read(errorLog).lines().toList();
		assertThat(errors).anySatisfy(line -> assertThat(line).contains(" WARN ").contains("[" + lockoutId + "]"));
		assertThat(errors).noneMatch(line -> line.contains(" INFO ") || line.contains(" DEBUG "));

		// stdout also holds what `db upgrade head` printed before the service started
		List<String> stdout = Files.readAllLines(work.resolve("stdout.log"));
		assertThat(stdout).as("text log lines on the console").noneMatch(line -> line.contains(" --- [auth] "));
		List<JsonNode> console = new ArrayList<>();
		for (String line : stdout) {
			if (line.startsWith("{")) {
				console.add(json.readTree(line));
			}
		}
		assertThat(console).anySatisfy(line -> {
			assertThat(line.path("request_id").asString()).isEqualTo(signupId);
			assertThat(line.path("message").asString()).startsWith("Account " + username + " created");
			assertThat(line.path("log").path("level").asString()).isEqualTo("INFO");
		});
		assertThat(console).anySatisfy(line -> {
			assertThat(line.path("request_id").asString()).isEqualTo(lockoutId);
			assertThat(line.path("log").path("level").asString()).isEqualTo("WARN");
		});
	}

	@Test
	@Order(4)
	void theServiceStopsOnSigterm() throws Exception {
		long pid = service.pid();
		service.destroy(); // SIGTERM to the PID the entrypoint was started as
		assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("java (pid %d) exited after SIGTERM", pid).isTrue();
		assertThat(service.exitValue()).isEqualTo(143);
		assertThat(Files.readString(work.resolve("stdout.log"))).contains("Graceful shutdown");
	}

	@Test
	void failsClearlyWhenTheDatabaseNeverComesUp() throws Exception {
		int closed = NginxServer.freePort();
		Map<String, String> env = baseEnvironment();
		env.put("AUTH_DB_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/auth");
		env.put("AUTH_DB_USERNAME", "auth");
		env.put("AUTH_DB_WAIT_SECONDS", "2");
		long start = System.nanoTime();
		Process process = entrypoint(env, "no-db");
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

		String stderr = Files.readString(work.resolve("no-db-stderr.log"));
		assertThat(process.exitValue()).isNotZero();
		// db upgrade head waits (Flyway's connect retries, one warning each), then gives
		// up
		assertThat(stderr).contains("Connection to 127.0.0.1:" + closed + " refused")
			.contains("Retrying in 1 sec")
			.contains("db upgrade: error: Unable to obtain connection from database (jdbc:postgresql://127.0.0.1:"
					+ closed + "/auth)")
			.contains("ERROR: database migration failed");
		assertThat(stderr).doesNotContain("docker-entrypoint: starting the service");
		assertThat(seconds).isLessThan(30);
	}

	@Test
	void refusesASecretGivenBothDirectlyAndAsAFile() throws Exception {
		Path file = work.resolve("both");
		Files.writeString(file, "from-the-file");
		Map<String, String> env = baseEnvironment();
		env.put("AUTH_DB_PASSWORD", "given-directly");
		env.put("AUTH_DB_PASSWORD_FILE", file.toString());
		Process process = entrypoint(env, "both");
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

		String stderr = Files.readString(work.resolve("both-stderr.log"));
		assertThat(process.exitValue()).isNotZero();
		// the service's own rule and words, from the JVM's first step (db upgrade head)
		assertThat(stderr).contains("Both AUTH_DB_PASSWORD and AUTH_DB_PASSWORD_FILE are set.")
			.doesNotContain("docker-entrypoint: starting the service")
			.doesNotContain("given-directly")
			.doesNotContain("from-the-file");
	}

	@Test
	void aMissingAotCacheOfTheDbCommandLineStopsItBeforeAnything() throws Exception {
		Map<String, String> env = baseEnvironment();
		env.put("AUTH_DB_AOT_CACHE", work.resolve("no-such.aot").toString());
		Process process = entrypoint(env, "db-cache");
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

		String stderr = Files.readString(work.resolve("db-cache-stderr.log"));
		assertThat(process.exitValue()).isNotZero();
		assertThat(stderr).contains("AUTH_DB_AOT_CACHE=" + work.resolve("no-such.aot") + ": no such file")
			.doesNotContain("running database migrations")
			.doesNotContain("starting the service");
	}

	private Process entrypoint(Map<String, String> env) throws IOException {
		return entrypoint(env, "");
	}

	private Process entrypoint(Map<String, String> env, String name) throws IOException {
		String prefix = name.isEmpty() ? "" : name + "-";
		ProcessBuilder builder = new ProcessBuilder("bash", Path.of("docker-entrypoint.sh").toAbsolutePath().toString())
			.directory(work.toFile())
			.redirectOutput(work.resolve(prefix + "stdout.log").toFile())
			.redirectError(work.resolve(prefix + "stderr.log").toFile());
		// only what this test sets: no AUTH_*, SPRING_* or JAVA_* from the build's
		// environment
		builder.environment()
			.keySet()
			.removeIf(key -> key.startsWith("AUTH_") || key.startsWith("SPRING_") || key.startsWith("JAVA_")
					|| key.startsWith("LOGGING_") || key.startsWith("SERVER_"));
		builder.environment().putAll(env);
		return builder.start();
	}

	private static Map<String, String> baseEnvironment() {
		Path jar = Path.of("target/auth.jar").toAbsolutePath();
		assertThat(jar).as("the Boot jar (failsafe runs after package)").exists();
		Map<String, String> env = new java.util.LinkedHashMap<>();
		env.put("AUTH_JAR", jar.toString());
		env.put("JAVA_BIN", Path.of(System.getProperty("java.home"), "bin", "java").toString());
		env.put("JAVA_OPTS", "-Xmx384m -XX:+ExitOnOutOfMemoryError");
		env.put("AUTH_MIGRATE_ON_START", "false");
		return env;
	}

	/**
	 * A login role with a password, owning the database, that must use it (scram, not
	 * trust).
	 */
	private void createRoleWithPassword() throws Exception {
		try (Connection admin = PostgresServer.get().getPostgresDatabase().getConnection();
				Statement statement = admin.createStatement()) {
			statement.execute("create role " + role + " login password '" + password + "'");
			statement.execute("alter database " + database + " owner to " + role);
			String hbaFile;
			try (ResultSet hba = statement.executeQuery("show hba_file")) {
				hba.next();
				hbaFile = hba.getString(1);
			}
			Path hba = Path.of(hbaFile);
			String rules = "host " + database + " " + role + " 127.0.0.1/32 scram-sha-256\n" + "host " + database + " "
					+ role + " ::1/128 scram-sha-256\n";
			synchronized (PostgresServer.class) {
				Files.writeString(hba, rules + Files.readString(hba));
			}
			statement.execute("select pg_reload_conf()");
		}
		try (Connection connection = DriverManager.getConnection(PostgresServer.get().getJdbcUrl("postgres", database));
				Statement statement = connection.createStatement()) {
			statement.execute("alter schema public owner to " + role);
		}
		// the reload is asynchronous: wait until a wrong password is refused
		awaitOrFail(Duration.ofSeconds(10), () -> {
			try (Connection ignored = connectAsRole("not-" + password)) {
				return false;
			}
			catch (SQLException ex) {
				return "28P01".equals(ex.getSQLState());
			}
		}, "PostgreSQL to require " + role + "'s password");
	}

	private Connection connectAsRole(String secret) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PostgresServer.port() + "/" + database,
				role, secret);
	}

	private static int newestMigrationVersion() throws IOException {
		Pattern name = Pattern.compile("V(\\d+)__.*\\.sql");
		try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
			return files.map(file -> name.matcher(file.getFileName().toString()))
				.filter(Matcher::matches)
				.mapToInt(matcher -> Integer.parseInt(matcher.group(1)))
				.max()
				.orElseThrow();
		}
	}

	private int healthStatus() {
		try {
			return get(serverPort, "/api/v1/health").statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private HttpResponse<String> get(int port, String path) throws IOException {
		try {
			return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private HttpResponse<String> post(String path, String requestId, Object body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + path))
			.header("Content-Type", "application/json")
			.header("X-Request-ID", requestId)
			.POST(HttpRequest.BodyPublishers.ofString(Api.toJson(body)))
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Polls until the condition holds; fails with the entrypoint's output if it exits
	 * first.
	 */
	private void awaitOrFail(Duration timeout, BooleanSupplier condition, String what) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (service != null && !service.isAlive()) {
				throw new AssertionError("docker-entrypoint.sh exited with " + service.exitValue()
						+ " while waiting for " + what + "\n--- stderr:\n" + tail(stderr()) + "\n--- stdout:\n"
						+ tail(read(work.resolve("stdout.log"))));
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what
						+ "\n--- stderr:\n" + tail(stderr()));
			}
			Thread.sleep(200);
		}
	}

	private List<Path> allOutput() throws IOException {
		try (Stream<Path> files = Files.walk(work)) {
			return files.filter(Files::isRegularFile).filter(file -> file.toString().endsWith(".log")).toList();
		}
	}

	private String stderr() {
		return read(work.resolve("stderr.log"));
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String tail(String text) {
		return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
	}

}
