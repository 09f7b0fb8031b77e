package dev.authstack.migration;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import dev.authstack.database.DatabaseProperties;
import dev.authstack.database.EmbeddedDatabase;
import dev.authstack.system.SecretFilesEnvironmentPostProcessor;

/**
 * The database the service would use, from the same environment variables: {@code AUTH_DB_URL},
 * {@code AUTH_DB_USERNAME}, {@code AUTH_DB_PASSWORD} (each also as {@code *_FILE}), or the embedded
 * PostgreSQL under {@code AUTH_DATA_DIR} when no URL is set (refused under the {@code prod}
 * profile, as the service refuses it).
 */
final class TargetDatabase implements AutoCloseable {

	private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;\\s)'\",]*");

	private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)[^@/\\s]*@");

	private final String url;

	private final String username;

	private final String password;

	private final EmbeddedDatabase embedded;

	private TargetDatabase(String url, String username, String password, EmbeddedDatabase embedded) {
		this.url = url;
		this.username = username;
		this.password = password;
		this.embedded = embedded;
	}

	/** The service's database settings from {@code env} (after resolving the *_FILE secrets). */
	static DatabaseProperties properties(Map<String, String> env) {
		Map<String, String> merged = withSecretFiles(env);
		String dataDir = blankToNull(merged.get("AUTH_DATA_DIR"));
		return new DatabaseProperties(blankToNull(merged.get("AUTH_DB_URL")),
				blankToNull(merged.get("AUTH_DB_USERNAME")), blankToNull(merged.get("AUTH_DB_PASSWORD")),
				Path.of(dataDir == null ? "./data" : dataDir), !prodProfile(merged), 0, 1, Duration.ofSeconds(5),
				Duration.ofSeconds(3), Duration.ofSeconds(15), Duration.ofSeconds(2));
	}

	static Map<String, String> withSecretFiles(Map<String, String> env) {
		Map<String, String> merged = new LinkedHashMap<>(env);
		SecretFilesEnvironmentPostProcessor.resolve(env)
			.forEach((name, value) -> merged.put(name, String.valueOf(value)));
		return merged;
	}

	/** The prod profile switches the embedded default off (application.yml); so do we. */
	private static boolean prodProfile(Map<String, String> env) {
		String profiles = env.getOrDefault("SPRING_PROFILES_ACTIVE", "");
		return Arrays.stream(profiles.split(",")).map(String::trim).anyMatch("prod"::equals);
	}

	static TargetDatabase open(DatabaseProperties properties, PrintStream log) {
		if (!properties.embedded()) {
			return new TargetDatabase(properties.url(), properties.username(), properties.password(), null);
		}
		if (!properties.allowEmbedded()) {
			throw new MigrationException("AUTH_DB_URL is not set and the prod profile does not allow the embedded "
					+ "database; point AUTH_DB_URL at the PostgreSQL server to migrate");
		}
		log.println("AUTH_DB_URL is not set: using the embedded PostgreSQL in "
				+ properties.dataDir().resolve("postgres").toAbsolutePath().normalize()
				+ " (stop the service first: one process at a time owns that directory)");
		EmbeddedDatabase embedded = EmbeddedDatabase.start(properties.dataDir(), properties.embeddedPort());
		return new TargetDatabase(embedded.jdbcUrl(), embedded.username(), null, embedded);
	}

	String url() {
		return url;
	}

	String username() {
		return username;
	}

	String password() {
		return password;
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
