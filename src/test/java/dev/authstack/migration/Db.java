package dev.authstack.migration;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.api.MigrationVersion;

import dev.authstack.migration.flyway.MigrationScripts;
import dev.authstack.support.PostgresServer;

/**
 * Runs {@code db} the way users do, through {@link MigrationCli#run}, against a database
 * of the test PostgreSQL, and keeps what it printed.
 */
final class Db {

	static {
		// the command line's own logging (warnings to stderr), instead of logback's debug
		// default
		CliLogging.configure(false);
	}

	private final Map<String, String> env;

	private final ClassLoader modelClassLoader;

	private Db(Map<String, String> env, ClassLoader modelClassLoader) {
		this.env = env;
		this.modelClassLoader = modelClassLoader;
	}

	/** A new, empty database. */
	static Db fresh(String prefix) {
		return on(PostgresServer.createDatabase(prefix));
	}

	static Db on(String jdbcUrl) {
		return new Db(Map.of("AUTH_DB_URL", jdbcUrl), null);
	}

	static Db withEnv(Map<String, String> env) {
		return new Db(env, null);
	}

	/**
	 * The same database, with entity classes only {@code classLoader} sees (a test
	 * model).
	 */
	Db withModel(ClassLoader classLoader) {
		return new Db(env, classLoader);
	}

	String url() {
		return env.get("AUTH_DB_URL");
	}

	Result run(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		if (modelClassLoader != null) {
			thread.setContextClassLoader(modelClassLoader);
		}
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
				PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
			int exit = MigrationCli.run(args, env, o, e);
			return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** Runs and expects exit code 0. */
	Result ok(String... args) {
		Result result = run(args);
		if (result.exit() != 0) {
			throw new AssertionError("db " + String.join(" ", args) + " exited " + result.exit() + "\n" + result);
		}
		return result;
	}

	/** The highest version among the application's V scripts. */
	static MigrationVersion head() {
		return MigrationScripts.scan(List.of(MigrationSettings.LOCATION), Db.class.getClassLoader())
			.all()
			.stream()
			.filter(script -> script.prefix() == 'V')
			.map(MigrationScripts.Script::version)
			.max(MigrationVersion::compareTo)
			.orElseThrow();
	}

	/**
	 * How many V scripts ship (versions may have gaps: a number can be another branch's).
	 */
	static int scriptCount() {
		String[] scripts = new java.io.File("src/main/resources/db/migration")
			.list((dir, name) -> name.matches("V\\d+__.*\\.sql"));
		return scripts == null ? 0 : scripts.length;
	}

	static int headNumber() {
		return head().getMajor().intValueExact();
	}

	/**
	 * The versions the application's V scripts have, ascending. Not 1..head: streams that
	 * are merged later each own a number, so a branch may have gaps until then.
	 */
	static List<Integer> versionNumbers() {
		return MigrationScripts.scan(List.of(MigrationSettings.LOCATION), Db.class.getClassLoader())
			.all()
			.stream()
			.filter(script -> script.prefix() == 'V')
			.map(script -> script.version().getMajor().intValueExact())
			.sorted()
			.toList();
	}

	record Result(int exit, String out, String err) {

		@Override
		public String toString() {
			return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
		}

	}

}
