package dev.authstack.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged jar as users run it: {@code java -jar target/auth.jar db ...} and
 * {@code bin/db}, in their own processes. Failsafe runs after {@code package}, so the jar
 * is the one just built.
 */
@ExtendWith(PostgresExtension.class)
class DbProcessIT {

	private static final Path JAR = Path.of("target/auth.jar").toAbsolutePath();

	private final int head = Db.headNumber();

	@BeforeAll
	static void jarIsBuilt() {
		assumeTrue(Files.isRegularFile(JAR), "target/auth.jar is built by ./mvnw package (verify does)");
	}

	@Test
	void helpStartsNeitherSpringNorAWebServer() throws Exception {
		long start = System.nanoTime();
		Run help = run(Map.of(), "java", "-jar", JAR.toString(), "db", "--help");
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		System.out.println("java -jar auth.jar db --help took " + took.toMillis() + " ms");
		assertThat(help.exit()).as(help.toString()).isZero();
		assertThat(help.out()).startsWith("Usage: db COMMAND").doesNotContain("Tomcat");
		assertThat(help.err()).isEmpty();
		assertThat(took).isLessThan(Duration.ofSeconds(20));

		assertThat(run(Map.of(), "java", "-jar", JAR.toString(), "db", "nonsense").exit()).isEqualTo(2);
	}

	@Test
	void upgradeHeadOnAnEmptyDatabase() throws Exception {
		String url = PostgresServer.createDatabase("jarupgrade");
		long start = System.nanoTime();
		Run upgrade = run(Map.of("AUTH_DB_URL", url), "java", "-jar", JAR.toString(), "db", "upgrade", "head");
		System.out.println("java -jar auth.jar db upgrade head (empty database) took "
				+ Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
		assertThat(upgrade.exit()).as(upgrade.toString()).isZero();
		assertThat(upgrade.out()).contains("Running upgrade base -> 1").contains(head + " (head)");
		// Flyway found the scripts inside the jar (nested BOOT-INF/classes), and the U
		// scripts too
		Run history = run(Map.of("AUTH_DB_URL", url), "java", "-jar", JAR.toString(), "db", "history");
		assertThat(history.out()).contains("U1__create_initial_tables.sql");
		Run check = run(Map.of("AUTH_DB_URL", url), "java", "-jar", JAR.toString(), "db", "check");
		assertThat(check.exit()).as(check.toString()).isZero();

		// Flyway's own log (-v) names the database too: without the password
		Run verbose = run(Map.of("AUTH_DB_URL", url + "&password=n0t-for-logs", "AUTH_DB_PASSWORD", "n0t-for-logs"),
				"java", "-jar", JAR.toString(), "db", "current", "-v");
		assertThat(verbose.exit()).as(verbose.toString()).isZero();
		assertThat(verbose.err()).contains("Database:");
		assertThat(verbose.out() + verbose.err()).doesNotContain("n0t-for-logs");
	}

	@Test
	void threeProcessesUpgradingAtOnceAllEndAtHead() throws Exception {
		String url = PostgresServer.createDatabase("jarconcurrent");
		List<Started> processes = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			processes.add(start(Map.of("AUTH_DB_URL", url), "java", "-jar", JAR.toString(), "db", "upgrade", "head"));
		}
		for (Started process : processes) {
			Run done = finish(process);
			assertThat(done.exit()).as(done.toString()).isZero();
			assertThat(done.out()).contains("the database is at " + head + " (head)");
		}
		assertThat(Catalog.history(url)).hasSize(Db.versionNumbers().size()).doesNotHaveDuplicates();
	}

	@Test
	void withoutAUrlTheEmbeddedDatabaseUnderTheDataDirectoryIsMigrated(@TempDir Path dataDir) throws Exception {
		Map<String, String> env = Map.of("AUTH_DATA_DIR", dataDir.toString());
		Run upgrade = run(env, "java", "-jar", JAR.toString(), "db", "upgrade", "head");
		assertThat(upgrade.exit()).as(upgrade.toString()).isZero();
		assertThat(upgrade.err()).contains("embedded PostgreSQL in " + dataDir.resolve("postgres"));
		Run current = run(env, "java", "-jar", JAR.toString(), "db", "current");
		assertThat(current.out()).startsWith(head + " (head)");

		Run refused = run(Map.of("AUTH_DATA_DIR", dataDir.toString(), "SPRING_PROFILES_ACTIVE", "prod"), "java", "-jar",
				JAR.toString(), "db", "current");
		assertThat(refused.exit()).isEqualTo(1);
		assertThat(refused.err()).contains("prod profile");
	}

	@Test
	void theCheckoutWrapperRunsTheSameJar() throws Exception {
		Run help = run(Map.of("AUTH_JAR", JAR.toString()), "bin/db", "upgrade", "--help");
		assertThat(help.exit()).as(help.toString()).isZero();
		assertThat(help.out()).startsWith("Usage: db upgrade");
	}

	private static Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
		return finish(start(env, command));
	}

	private static Started start(Map<String, String> env, String... command) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command);
		// only what the test gives: no AUTH_* or profile of the machine running the tests
		builder.environment().keySet().removeIf(name -> name.startsWith("AUTH_") || name.startsWith("SPRING_"));
		builder.environment().putAll(env);
		Path err = Files.createTempFile("db-stderr", ".txt");
		builder.redirectError(err.toFile());
		return new Started(builder.start(), err);
	}

	private static Run finish(Started started) throws IOException, InterruptedException {
		Process process = started.process();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(2, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError("timed out");
		}
		String err = Files.readString(started.err());
		Files.deleteIfExists(started.err());
		return new Run(process.exitValue(), out, err);
	}

	record Started(Process process, Path err) {

	}

	record Run(int exit, String out, String err) {

		@Override
		public String toString() {
			return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
		}

	}

}
