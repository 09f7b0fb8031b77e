package dev.authstack.migration;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import dev.authstack.database.DatabaseProperties;
import dev.authstack.database.EmbeddedDatabase;
import dev.authstack.system.ServiceEnvironment;

/**
 * The database the service would use, from the same configuration: {@code AUTH_DB_URL},
 * {@code AUTH_DB_USERNAME}, {@code AUTH_DB_PASSWORD} (each also as {@code *_FILE}), or
 * the embedded PostgreSQL under {@code AUTH_DATA_DIR} when no URL is set, refused where
 * the service refuses it ({@code auth.db.allow-embedded} false, as under the {@code prod}
 * profile).
 */
final class TargetDatabase implements AutoCloseable {

	private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;\\s)'\",]*");

	private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)[^@/\\s]*@");

	private final String url;

	private final String username;

	private final String password;

	private final Duration connectWait;

	private final EmbeddedDatabase embedded;

	private TargetDatabase(String url, String username, String password, Duration connectWait,
			EmbeddedDatabase embedded) {
		this.url = url;
		this.username = username;
		this.password = password;
		this.connectWait = connectWait;
		this.embedded = embedded;
	}

	/**
	 * The service's database settings for {@code env} as the process environment: bound
	 * by Spring Boot from the service's own configuration ({@link ServiceEnvironment}),
	 * so application.yml, its profiles (prod switches the embedded default off) and the
	 * *_FILE secrets count as they do for the service.
	 */
	static DatabaseProperties properties(Map<String, String> env) {
		return ServiceEnvironment.bind(ServiceEnvironment.of(env), "auth.db", DatabaseProperties.class);
	}

	static TargetDatabase open(DatabaseProperties properties, PrintStream log) {
		if (!properties.embedded()) {
			return new TargetDatabase(properties.url(), blankToNull(properties.username()),
					blankToNull(properties.password()), properties.connectWait(), null);
		}
		if (!properties.allowEmbedded()) {
			throw new MigrationException("AUTH_DB_URL is not set and auth.db.allow-embedded is false (as under the "
					+ "prod profile): the embedded database is not allowed; point AUTH_DB_URL at the PostgreSQL "
					+ "server to migrate");
		}
		log.println("AUTH_DB_URL is not set: using the embedded PostgreSQL in "
				+ properties.dataDir().resolve("postgres").toAbsolutePath().normalize()
				+ " (stop the service first: one process at a time owns that directory)");
		EmbeddedDatabase embedded = EmbeddedDatabase.start(properties.dataDir(), properties.embeddedPort());
		return new TargetDatabase(embedded.jdbcUrl(), embedded.username(), null, Duration.ZERO, embedded);
	}

	/**
	 * Flyway connecting to this database, trying again for {@code AUTH_DB_WAIT_SECONDS}
	 * while the server does not accept connections yet (the container's entrypoint relies
	 * on it).
	 */
	FluentConfiguration connect(FluentConfiguration configuration) {
		return MigrationSettings.waitFor(configuration.dataSource(url, username, password), connectWait);
	}

	/** The URL as it may be shown: without a password, however it was given. */
	String describe() {
		return redact(url, password);
	}

	/** Removes a password from text meant for people: errors, logs, output. */
	static String redact(String text, String password) {
		if (text == null) {
			return null;
		}
		String redacted = text;
		if (password != null && !password.isEmpty()) {
			redacted = redacted.replace(password, "****");
		}
		redacted = PASSWORD_PARAMETER.matcher(redacted).replaceAll("$1****");
		return USER_INFO.matcher(redacted).replaceAll("$1****@");
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}

	@Override
	public void close() {
		if (embedded != null) {
			embedded.close();
		}
	}

}
