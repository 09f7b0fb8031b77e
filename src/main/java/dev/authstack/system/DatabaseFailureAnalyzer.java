package dev.authstack.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.regex.Pattern;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.hibernate.tool.schema.spi.SchemaManagementException;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The database named by {@code AUTH_DB_URL} out of reach or refusing the login, and
 * migrations that fail at start: what happened and what to do, without the stack trace
 * under it.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseFailureAnalyzer implements FailureAnalyzer {

	private static final Pattern QUERY = Pattern.compile("\\?.*$");

	private final Environment environment;

	DatabaseFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		SQLException sql = find(failure, SQLException.class);
		String state = sql == null ? null : sql.getSQLState();
		String url = QUERY.matcher(environment.getProperty("auth.db.url", "")).replaceFirst("");
		String where = url.isBlank() ? "the embedded PostgreSQL" : url + " (AUTH_DB_URL)";
		if (state != null && (state.equals("28P01") || state.equals("28000"))) {
			return new FailureAnalysis(
					"PostgreSQL at " + where + " refused the login of user \""
							+ environment.getProperty("auth.db.username", "") + "\".",
					"Check AUTH_DB_USERNAME and AUTH_DB_PASSWORD (or AUTH_DB_PASSWORD_FILE).", failure);
		}
		if (state != null && state.equals("3D000")) {
			return new FailureAnalysis("The database named in " + where + " does not exist.",
					"Create it (config/postgres_init.sql does for the compose stack) or fix the name in AUTH_DB_URL.",
					failure);
		}
		if (find(failure, ConnectException.class) != null || (state != null && state.startsWith("08"))) {
			return new FailureAnalysis(
					"Cannot connect to PostgreSQL at " + where + ": "
							+ firstLine(sql != null ? sql.getMessage() : "connection refused"),
					"Start that server or correct AUTH_DB_URL; unset AUTH_DB_URL to use the embedded PostgreSQL.",
					failure);
		}
		SchemaManagementException schema = find(failure, SchemaManagementException.class);
		if (schema != null) {
			return new FailureAnalysis(
					"The database at " + where + " does not match this version of the service ("
							+ firstLine(schema.getMessage()) + "): it has not been migrated, or not to this version.",
					"Migrate it first: java -jar auth.jar db upgrade head (bin/db upgrade head in a checkout, "
							+ "docker compose exec auth db upgrade head in the stack), or set AUTH_MIGRATE_ON_START=true.",
					failure);
		}
		FlywayException flyway = find(failure, FlywayException.class);
		if (flyway != null) {
			return new FailureAnalysis("Migrating the database at start failed: " + withoutFlywayAdvice(flyway),
					"bin/db history shows which versions the database has and which scripts this build has "
							+ "(README, \"Migrations\"); fix the script, or the database, and start again.",
					failure);
		}
		return null;
	}

	/**
	 * Flyway's hints name its own commands (repair, ...), which the db command line does
	 * not have.
	 */
	private static String withoutFlywayAdvice(FlywayException ex) {
		String message = String.valueOf(ex.getMessage());
		for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof FlywaySqlScriptException script && script.getStatement() != null) {
				// Flyway shows the statement only with its debug logging on
				message = message.replace(FlywaySqlScriptException.STATEMENT_MESSAGE, script.getStatement().strip());
			}
		}
		return message.lines()
			.filter(line -> !line.contains("repair") && !line.contains("Learn more") && !line.contains("rd.gt"))
			.collect(java.util.stream.Collectors.joining("\n"))
			.strip();
	}

	private static String firstLine(String message) {
		String text = message == null ? "" : message.strip();
		int newline = text.indexOf('\n');
		return newline < 0 ? text : text.substring(0, newline);
	}

	private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

}
