package dev.authstack.migration.flyway;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

import dev.authstack.migration.MigrationException;
import dev.authstack.migration.schema.Sql;

/**
 * The migrations of one database: Flyway for what it does (migrate, info, validate,
 * baseline, the history table, the lock), the U scripts and the history rows for what the
 * free edition does not (undo, stamp). The commands decide and print; this changes the
 * database.
 */
public final class Migrations {

	private final Configuration configuration;

	private final MigrationScripts scripts;

	/** {@code configuration} as MigrationSettings made it, with the data source set. */
	public Migrations(Configuration configuration, MigrationScripts scripts) {
		this.configuration = configuration;
		this.scripts = scripts;
	}

	private Flyway flyway(UnaryOperator<FluentConfiguration> customizer) {
		FluentConfiguration fluent = Flyway.configure(configuration.getClassLoader()).configuration(configuration);
		return customizer.apply(fluent).load();
	}

	public Configuration configuration() {
		return configuration;
	}

	public MigrationScripts scripts() {
		return scripts;
	}

	public MigrationInfoService info() {
		return flyway(UnaryOperator.identity()).info();
	}

	public Connection connect() throws SQLException {
		return configuration.getDataSource().getConnection();
	}

	/** Flyway's history table, as seen on {@code connection}. */
	public HistoryTable history(Connection connection) throws SQLException {
		return HistoryTable.on(connection, configuration.getTable());
	}

	/** The locations the scripts are read from, as Flyway names them. */
	public List<String> locations() {
		return Arrays.stream(configuration.getLocations()).map(Object::toString).toList();
	}

	// upgrade

	/**
	 * Applies the pending migrations up to {@code goal}, each in its own transaction,
	 * telling {@code progress}; the number that ran (0 when another process got there
	 * first). {@link #failed} explains a FlywayException.
	 */
	public int migrate(MigrationVersion goal, Callback progress) {
		return flyway(c -> c.target(goal).callbacks(progress)).migrate().migrationsExecuted;
	}

	/**
	 * A failed upgrade, explained: the statement, and the version the database is still
	 * at.
	 */
	public MigrationException failed(FlywayException ex) {
		return new MigrationException(failure(ex), ex);
	}

	private String failure(FlywayException ex) {
		String message = withStatement(ex);
		if (message.contains("no schema history table")) {
			return message + "\nIf the tables were made another way, record their version with `db stamp VERSION`.";
		}
		if (ex instanceof FlywayValidateException) {
			return message + "\nNothing was run: the applied migrations no longer match their scripts.";
		}
		try {
			MigrationInfo now = info().current();
			return message + "\nThe failed migration was rolled back (each script runs in one transaction): "
					+ "the database is still at "
					+ (now == null ? "base" : "version " + now.getVersion() + " (" + now.getDescription() + ")") + ".";
		}
		catch (FlywayException again) {
			return message;
		}
	}

	/**
	 * Flyway's message, with the statement that failed where Flyway writes "Run Flyway
	 * with -X option to see the actual statement" (it shows it only with its debug
	 * logging on), and a first line naming script, line and error.
	 */
	static String withStatement(FlywayException ex) {
		String message = ex.getMessage() == null ? ex.toString() : ex.getMessage().strip();
		for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof FlywaySqlScriptException script && script.getStatement() != null
					&& !script.getStatement().isBlank()) {
				String statement = script.getStatement().strip();
				String error = script.getCause() != null ? String.valueOf(script.getCause().getMessage()).strip() : "";
				String firstError = error.lines().findFirst().orElse("");
				return "The statement at line " + script.getLineNumber() + " failed: " + firstError + "\n" + message
					.replace(FlywaySqlScriptException.STATEMENT_MESSAGE, statement.replace("\n", "\n             "));
			}
		}
		return message;
	}

	// downgrade

	/**
	 * Every U script up front, so a missing one stops the downgrade before anything ran.
	 */
	public List<MigrationScripts.Script> undoScripts(List<HistoryTable.Row> undo) {
		List<String> problems = new ArrayList<>();
		List<MigrationScripts.Script> found = new ArrayList<>();
		for (HistoryTable.Row row : undo) {
			if (row.baseline()) {
				problems.add("version " + row.version() + " is a Flyway baseline, not a migration: nothing to undo");
				continue;
			}
			Optional<MigrationScripts.Script> script = scripts.undo(row.migrationVersion());
			if (script.isEmpty()) {
				problems.add("no undo script U" + row.version().replace('.', '_') + "__*.sql for " + row.script());
			}
			else {
				found.add(script.get());
			}
		}
		if (!problems.isEmpty()) {
			throw new MigrationException(
					"Refusing to downgrade, nothing was changed:\n  " + String.join("\n  ", problems));
		}
		return found;
	}

	/**
	 * Runs {@code script} and deletes {@code row} from the history, in one transaction.
	 */
	public void undo(Connection connection, HistoryTable history, HistoryTable.Row row, MigrationScripts.Script script)
			throws SQLException {
		connection.setAutoCommit(false);
		try {
			history.execute(script.content());
			history.execute(history.deleteSql(row));
			connection.commit();
		}
		catch (SQLException ex) {
			connection.rollback();
			throw new MigrationException(
					script.fileName() + " failed: " + ex.getMessage().strip() + "\nThe database is still at "
							+ row.version() + ": this undo was rolled back, together with its history change.",
					ex);
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

	// stamp

	/**
	 * Records the database as at {@code goal} (null: base), running no script: one
	 * history row per migration of {@code resolved} up to it, the rows above it deleted;
	 * under Flyway's lock.
	 */
	public void stamp(List<MigrationInfo> resolved, MigrationVersion goal) throws SQLException {
		try (Connection connection = connect()) {
			HistoryTable history = history(connection);
			if (goal != null && !history.exists()) {
				// Flyway creates its table (its own DDL, under its lock) with a baseline
				// row at the goal; the row is replaced below by one row per migration, as
				// if each had run
				try {
					flyway(c -> c.baselineVersion(goal)).baseline();
				}
				catch (FlywayException ex) {
					throw new MigrationException(ex.getMessage(), ex);
				}
			}
			history.lock();
			try {
				connection.setAutoCommit(false);
				stampRows(history, resolved, goal);
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(true);
				history.unlock();
			}
		}
	}

	private void stampRows(HistoryTable history, List<MigrationInfo> resolved, MigrationVersion goal)
			throws SQLException {
		if (!history.exists()) {
			return; // stamp base on a database Flyway never touched: nothing to record
		}
		history.execute("DELETE FROM " + history.qualifiedName() + " WHERE type = 'BASELINE' AND description = "
				+ Sql.literal(configuration.getBaselineDescription()));
		List<HistoryTable.Row> applied = history.applied();
		for (HistoryTable.Row row : applied) {
			if (goal == null || row.migrationVersion().compareTo(goal) > 0) {
				history.execute(history.deleteSql(row));
			}
		}
		if (goal == null) {
			return;
		}
		List<MigrationVersion> present = applied.stream().map(HistoryTable.Row::migrationVersion).toList();
		for (MigrationInfo migration : resolved) {
			if (migration.getVersion().compareTo(goal) <= 0 && !present.contains(migration.getVersion())) {
				history.execute(history.insertSql(migration.getVersion().getVersion(), migration.getDescription(),
						migration.getScript(), migration.getChecksum(), "current_user || ' (stamp)'"));
			}
		}
	}

	// what Flyway's info says, in words

	public static MigrationVersion currentVersion(MigrationInfoService info) {
		MigrationInfo current = info.current();
		return current == null ? null : current.getVersion();
	}

	/** Versioned migrations not applied yet, lowest first. */
	public static List<MigrationInfo> pending(MigrationInfoService info) {
		return Arrays.stream(info.pending())
			.filter(MigrationInfo::isVersioned)
			.sorted(Comparator.comparing(MigrationInfo::getVersion))
			.toList();
	}

	/** Versioned migrations that have a script, lowest first. */
	public static List<MigrationInfo> resolved(MigrationInfoService info) {
		return Arrays.stream(info.all())
			.filter(m -> m.isVersioned() && m.getState().isResolved())
			.sorted(Comparator.comparing(MigrationInfo::getVersion))
			.toList();
	}

	public static boolean isHead(MigrationInfo current, MigrationInfoService info) {
		List<MigrationInfo> resolved = resolved(info);
		return pending(info).isEmpty() && !resolved.isEmpty()
				&& resolved.get(resolved.size() - 1).getVersion().equals(current.getVersion());
	}

	public static String describe(MigrationInfo current, MigrationInfoService info) {
		if (current == null) {
			return "base (no migration applied)";
		}
		return current.getVersion() + (isHead(current, info) ? " (head)" : "") + " " + current.getDescription();
	}

	public static String label(MigrationVersion version) {
		return version == null ? "base" : version.toString();
	}

	public static String versions(List<MigrationInfo> migrations) {
		return migrations.isEmpty() ? "none"
				: migrations.stream().map(m -> m.getVersion().toString()).collect(Collectors.joining(", "));
	}

}
