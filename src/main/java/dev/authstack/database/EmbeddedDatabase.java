package dev.authstack.database;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real PostgreSQL server (zonky's binaries) whose cluster lives in
 * {@code <data-dir>/postgres} and survives restarts. Also used by the {@code db} command line.
 */
public final class EmbeddedDatabase implements Closeable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

	private final EmbeddedPostgres postgres;

	private final Path directory;

	private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
		this.postgres = postgres;
		this.directory = directory;
	}

	public static EmbeddedDatabase start(Path dataDir, int port) {
		Path directory = dataDir.resolve("postgres").toAbsolutePath().normalize();
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
			log.info("Embedded PostgreSQL started on 127.0.0.1:{} with its data in {}", postgres.getPort(),
					directory);
			return new EmbeddedDatabase(postgres, directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory
					+ " (is another instance using this directory? set AUTH_DB_URL to use a server)", ex);
		}
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
