package dev.authstack.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per test JVM (zonky's binaries, a fresh cluster under
 * target/), started on first use. Tests that need an empty schema ask for a database of
 * their own.
 */
public final class PostgresServer {

	private static EmbeddedPostgres server;

	private static final AtomicInteger databases = new AtomicInteger();

	private PostgresServer() {
	}

	public static synchronized EmbeddedPostgres get() {
		if (server == null) {
			try {
				Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-postgres-");
				server = EmbeddedPostgres.builder()
					.setDataDirectory(dir)
					.setCleanDataDirectory(true)
					.setServerConfig("max_connections", "300")
					.setServerConfig("fsync", "off")
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the test PostgreSQL", ex);
			}
		}
		return server;
	}

	static synchronized void stop() throws IOException {
		if (server != null) {
			server.close();
			server = null;
		}
	}

	/** The shared database the application tests use. */
	public static String jdbcUrl() {
		return get().getJdbcUrl("postgres", "postgres");
	}

	public static String username() {
		return "postgres";
	}

	public static int port() {
		return get().getPort();
	}

	/** A new, empty database on the same server; its JDBC URL. */
	public static String createDatabase(String prefix) {
		String name = prefix + "_" + databases.incrementAndGet() + "_" + ProcessHandle.current().pid();
		try (Connection connection = get().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
		return get().getJdbcUrl("postgres", name);
	}

}
