package dev.authstack.database;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import dev.authstack.system.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real PostgreSQL server (zonky's binaries) whose cluster lives
 * in {@code <data-dir>/postgres} and survives restarts. Also used by the {@code db}
 * command line.
 */
public final class EmbeddedDatabase implements Closeable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

	/**
	 * The major version of zonky's binaries the build depends on (the stack's,
	 * postgres:17 in docker-compose.yml); EmbeddedDefaultIT checks it against the running
	 * server.
	 */
	public static final int MAJOR_VERSION = 17;

	private final EmbeddedPostgres postgres;

	private final Path directory;

	private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
		this.postgres = postgres;
		this.directory = directory;
	}

	public static EmbeddedDatabase start(Path dataDir, int port) {
		Path directory = dataDir.resolve("postgres").toAbsolutePath().normalize();
		refuseAnotherMajorVersion(directory);
		refuseADirectoryInUse(directory);
		try {
			Files.createDirectories(directory);
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(true);
			if (port > 0) {
				builder.setPort(port);
			}
			EmbeddedPostgres postgres = builder.start();
			log.info("Embedded PostgreSQL started on 127.0.0.1:{} with its data in {}", postgres.getPort(), directory);
			return new EmbeddedDatabase(postgres, directory);
		}
		catch (IOException ex) {
			throw new InvalidConfigurationException(
					"Could not start the embedded PostgreSQL in " + directory + ": " + firstLine(ex.getMessage()),
					"If another instance is using that directory, stop it or set AUTH_DATA_DIR to another one; "
							+ "or set AUTH_DB_URL to use a PostgreSQL server. With LOGGING_LEVEL_IO_ZONKY=debug the "
							+ "server's own log is printed.",
					ex);
		}
	}

	/**
	 * A cluster made by another major version (the embedded default ran PostgreSQL 14
	 * before it followed the stack to 17) cannot be opened by this one; say so before
	 * trying, and touch nothing.
	 */
	static void refuseAnotherMajorVersion(Path directory) {
		Path versionFile = directory.resolve("PG_VERSION");
		if (!Files.isRegularFile(versionFile)) {
			return;
		}
		String found;
		try {
			found = Files.readString(versionFile).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (!found.equals(Integer.toString(MAJOR_VERSION))) {
			Path aside = directory.resolveSibling("postgres-" + found);
			throw new InvalidConfigurationException(
					"The embedded database in " + directory + " was made by PostgreSQL " + found
							+ "; this version of the service runs PostgreSQL " + MAJOR_VERSION
							+ ", which cannot open it. Nothing was changed.",
					"To start afresh, move it aside (mv " + directory + " " + aside + ") and start again: a new, empty "
							+ "database is made and migrated. To keep its accounts, see the README, \"Run locally\", "
							+ "on upgrading the embedded database.");
		}
	}

	/**
	 * Two processes on one cluster: PostgreSQL refuses the second, with a message zonky
	 * hides.
	 */
	static void refuseADirectoryInUse(Path directory) {
		Path pidFile = directory.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return;
		}
		try {
			String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
			long pid = Long.parseLong(first);
			if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
				throw new InvalidConfigurationException(
						"The embedded database in " + directory + " is in use by another PostgreSQL (PID " + pid
								+ "): another ./mvnw spring-boot:run, java -jar or bin/db is running on the same data.",
						"Stop that one first, or give this one its own directory: AUTH_DATA_DIR=./data-2 (it "
								+ "needs other ports too: SERVER_PORT and AUTH_MANAGEMENT_PORT).");
			}
		}
		catch (IOException | NumberFormatException ex) {
			// unreadable or stale: PostgreSQL decides
		}
	}

	private static String firstLine(String message) {
		String text = message == null ? "" : message.strip();
		int newline = text.indexOf('\n');
		return newline < 0 ? text : text.substring(0, newline);
	}

	public String jdbcUrl() {
		return postgres.getJdbcUrl("postgres", "postgres");
	}

	public String username() {
		return "postgres";
	}

	public int port() {
		return postgres.getPort();
	}

	@Override
	public void close() {
		try {
			postgres.close();
			log.info("Embedded PostgreSQL in {} stopped", directory);
		}
		catch (IOException ex) {
			log.warn("Embedded PostgreSQL in {} did not stop cleanly: {}", directory, ex.getMessage());
		}
	}

}
