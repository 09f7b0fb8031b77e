package dev.authstack.migration;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

import dev.authstack.migration.flyway.HistoryTable;
import dev.authstack.migration.flyway.MigrationScripts;
import dev.authstack.migration.schema.Sql;

/**
 * {@code upgrade}, {@code downgrade}, {@code current}, {@code history} and {@code stamp}: Flyway
 * for what it does (migrate, info, validate, the history table, the lock), the U scripts and the
 * history rows for what the free edition does not (undo, stamp).
 */
final class Migrator {

	private final Configuration configuration;

	private final MigrationScripts scripts;

	private final PrintStream out;

	Migrator(Configuration configuration, MigrationScripts scripts, PrintStream out) {
		this.configuration = configuration;
		this.scripts = scripts;
		this.out = out;
	}

	private Flyway flyway(UnaryOperator<FluentConfiguration> customizer) {
		FluentConfiguration fluent = Flyway.configure(configuration.getClassLoader()).configuration(configuration);
		return customizer.apply(fluent).load();
	}

	private Flyway flyway() {
		return flyway(UnaryOperator.identity());
	}

	private DataSource dataSource() {
		return configuration.getDataSource();
	}

	MigrationInfoService info() {
		return flyway().info();
	}

	// upgrade

	int upgrade(String target, boolean sqlOnly) throws SQLException {
		MigrationInfoService info = info();
		MigrationVersion current = currentVersion(info);
		List<MigrationInfo> pending = pending(info);
		MigrationVersion goal = upgradeTarget(target, info, pending, current);
		List<MigrationInfo> run = pending.stream().filter(m -> m.getVersion().compareTo(goal) <= 0).toList();
		if (sqlOnly) {
			printUpgradeSql(current, run);
			return MigrationCli.OK;
		}
		if (run.isEmpty()) {
			out.println("Nothing to upgrade: the database is at " + describe(info.current(), info) + ".");
			return MigrationCli.OK;
		}
		Progress progress = new Progress(out, current);
		try {
			MigrateResult result = flyway(c -> c.target(goal).callbacks(progress)).migrate();
			MigrationInfoService after = info();
			out.println((result.migrationsExecuted == 0 ? "Nothing to upgrade (another process got there first)"
					: "Upgraded") + ": the database is at " + describe(after.current(), after) + ".");
			return MigrationCli.OK;
		}
		catch (FlywayException ex) {
			throw new MigrationException(failure(ex), ex);
		}
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
	 * Flyway's message, with the statement that failed where Flyway writes "Run Flyway with -X
	 * option to see the actual statement" (it shows it only with its debug logging on), and a
	 * first line naming script, line and error.
	 */
	static String withStatement(FlywayException ex) {
		String message = ex.getMessage() == null ? ex.toString() : ex.getMessage().strip();
		for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof FlywaySqlScriptException script && script.getStatement() != null
					&& !script.getStatement().isBlank()) {
				String statement = script.getStatement().strip();
				String error = script.getCause() != null ? String.valueOf(script.getCause().getMessage()).strip() : "";
				String firstError = error.lines().findFirst().orElse("");
				return "The statement at line " + script.getLineNumber() + " failed: " + firstError + "\n"
						+ message.replace(FlywaySqlScriptException.STATEMENT_MESSAGE,
								statement.replace("\n", "\n             "));
			}
		}
		return message;
	}

	private MigrationVersion upgradeTarget(String target, MigrationInfoService info, List<MigrationInfo> pending,
			MigrationVersion current) {
		if (target == null || target.equals("head")) {
			return MigrationVersion.LATEST;
		}
		if (target.matches("\\+\\d+")) {
			int steps = Integer.parseInt(target.substring(1));
			if (steps < 1) {
				throw new CommandLine.UsageException("upgrade", "+N needs N of at least 1");
			}
			if (steps > pending.size()) {
				throw new MigrationException("Cannot upgrade " + target + ": " + pending.size() + " pending migration"
						+ (pending.size() == 1 ? "" : "s") + " (" + versions(pending) + ")");
			}
			return pending.get(steps - 1).getVersion();
		}
		MigrationVersion version = version(target, "upgrade");
		if (resolved(info).stream().noneMatch(m -> m.getVersion().equals(version))) {
			throw new MigrationException("No migration has version " + target + " (known: " + versions(resolved(info))
					+ ")");
		}
		if (current != null && version.compareTo(current) < 0) {
			throw new MigrationException("The database is at " + current + ", above " + target
					+ "; to go back, run `db downgrade " + target + "`");
		}
		return version;
	}

	private void printUpgradeSql(MigrationVersion current, List<MigrationInfo> run) throws SQLException {
		out.println("-- db upgrade --sql: " + run.size() + " migration" + (run.size() == 1 ? "" : "s") + " from "
				+ label(current) + "; printed, not run");
		try (Connection connection = dataSource().getConnection()) {
			HistoryTable history = HistoryTable.on(connection, MigrationSettings.TABLE);
			if (!history.exists() && !run.isEmpty()) {
				out.println("-- " + history.qualifiedName()
						+ " does not exist yet: Flyway creates it before the first migration");
			}
			MigrationVersion previous = current;
			for (MigrationInfo migration : run) {
				MigrationScripts.Script script = scripts.upgrade(migration.getVersion())
					.orElseThrow(() -> new MigrationException("Cannot find " + migration.getScript()));
				out.println();
				out.println("-- Running upgrade " + label(previous) + " -> " + migration.getVersion() + ", "
						+ migration.getDescription() + " (" + script.fileName() + ")");
				out.println("BEGIN;");
				out.println(script.content().strip());
				out.println(history.insertSql(migration.getVersion().getVersion(), migration.getDescription(),
						migration.getScript(), migration.getChecksum(), "current_user"));
				out.println("COMMIT;");
				previous = migration.getVersion();
			}
		}
	}

	// downgrade

	int downgrade(String target, boolean sqlOnly) throws SQLException {
		try (Connection connection = dataSource().getConnection()) {
			HistoryTable history = HistoryTable.on(connection, MigrationSettings.TABLE);
			if (!sqlOnly) {
				history.lock();
			}
			try {
				List<HistoryTable.Row> applied = history.applied();
				List<HistoryTable.Row> undo = downgradePlan(target, applied);
				if (undo.isEmpty()) {
					out.println("Nothing to downgrade: the database is at "
							+ (applied.isEmpty() ? "base" : applied.get(applied.size() - 1).version()) + ".");
					return MigrationCli.OK;
				}
				List<MigrationScripts.Script> undoScripts = undoScripts(undo);
				if (sqlOnly) {
					printDowngradeSql(history, applied, undo, undoScripts);
					return MigrationCli.OK;
				}
				for (int i = 0; i < undo.size(); i++) {
					HistoryTable.Row row = undo.get(i);
					MigrationScripts.Script script = undoScripts.get(i);
					out.println("Running downgrade " + row.version() + " -> " + label(below(applied, row)) + ", "
							+ row.description() + " (" + script.fileName() + ")");
					runUndo(connection, history, row, script);
				}
				out.println("Downgraded: the database is at " + label(below(applied, undo.get(undo.size() - 1)))
						+ ".");
				return MigrationCli.OK;
			}
			finally {
				if (!sqlOnly) {
					history.unlock();
				}
			}
		}
	}

	private void runUndo(Connection connection, HistoryTable history, HistoryTable.Row row,
			MigrationScripts.Script script) throws SQLException {
		connection.setAutoCommit(false);
		try {
			history.execute(script.content());
			history.execute(history.deleteSql(row));
			connection.commit();
		}
		catch (SQLException ex) {
			connection.rollback();
			throw new MigrationException(script.fileName() + " failed: " + ex.getMessage().strip()
					+ "\nThe database is still at " + row.version()
					+ ": this undo was rolled back, together with its history change.", ex);
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

	private List<HistoryTable.Row> downgradePlan(String target, List<HistoryTable.Row> applied) {
		List<HistoryTable.Row> newestFirst = new ArrayList<>(applied);
		Collections.reverse(newestFirst);
		if (target.equals("base")) {
			return newestFirst;
		}
		if (target.matches("-\\d+")) {
			int steps = Integer.parseInt(target.substring(1));
			if (steps < 1) {
				throw new CommandLine.UsageException("downgrade", "-N needs N of at least 1");
			}
			if (steps > applied.size()) {
				throw new MigrationException("Cannot downgrade " + target + ": only " + applied.size()
						+ " migration" + (applied.size() == 1 ? " is" : "s are") + " applied");
			}
			return newestFirst.subList(0, steps);
		}
		if (target.equals("head") || target.startsWith("+")) {
			throw new CommandLine.UsageException("downgrade", "takes -N, a version or base (not " + target + ")");
		}
		MigrationVersion version = version(target, "downgrade");
		if (applied.stream().noneMatch(row -> row.migrationVersion().equals(version))) {
			throw new MigrationException("Version " + target + " is not applied (applied: "
					+ (applied.isEmpty() ? "none"
							: applied.stream().map(HistoryTable.Row::version).collect(Collectors.joining(", ")))
					+ "); use base to undo everything");
		}
		return newestFirst.stream().filter(row -> row.migrationVersion().compareTo(version) > 0).toList();
	}

	/** Every U script up front, so a missing one stops the downgrade before anything ran. */
	private List<MigrationScripts.Script> undoScripts(List<HistoryTable.Row> undo) {
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

	private void printDowngradeSql(HistoryTable history, List<HistoryTable.Row> applied,
			List<HistoryTable.Row> undo, List<MigrationScripts.Script> undoScripts) {
		out.println("-- db downgrade --sql: " + undo.size() + " migration" + (undo.size() == 1 ? "" : "s") + " from "
				+ applied.get(applied.size() - 1).version() + "; printed, not run");
		for (int i = 0; i < undo.size(); i++) {
			HistoryTable.Row row = undo.get(i);
			out.println();
			out.println("-- Running downgrade " + row.version() + " -> " + label(below(applied, row)) + ", "
					+ row.description() + " (" + undoScripts.get(i).fileName() + ")");
			out.println("BEGIN;");
			out.println(undoScripts.get(i).content().strip());
			out.println(history.deleteSql(row));
			out.println("COMMIT;");
		}
	}

	private static MigrationVersion below(List<HistoryTable.Row> applied, HistoryTable.Row row) {
		MigrationVersion result = null;
		for (HistoryTable.Row candidate : applied) {
			if (candidate.migrationVersion().compareTo(row.migrationVersion()) < 0) {
				result = candidate.migrationVersion();
			}
		}
		return result;
	}

	// current, history

	int current() {
		MigrationInfoService info = info();
		out.println(describe(info.current(), info));
		List<MigrationInfo> pending = pending(info);
		if (!pending.isEmpty()) {
			out.println(pending.size() + " pending: " + versions(pending) + " (db upgrade head)");
		}
		return MigrationCli.OK;
	}

	int history() {
		MigrationInfoService info = info();
		MigrationInfo current = info.current();
		SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss'Z'");
		format.setTimeZone(TimeZone.getTimeZone("UTC"));
		List<List<String>> rows = new ArrayList<>();
		rows.add(List.of("version", "description", "state", "installed on", "installed by", "time", "checksum",
				"undo"));
		for (MigrationInfo migration : info.all()) {
			String version = migration.getVersion() == null ? "(repeatable)" : migration.getVersion().toString();
			if (current != null && migration == current) {
				version += isHead(current, info) ? " (head, current)" : " (current)";
			}
			String undo = migration.getVersion() == null ? "-"
					: scripts.undo(migration.getVersion()).map(MigrationScripts.Script::fileName).orElse("none");
			String state = migration.getState().getDisplayName().toLowerCase(java.util.Locale.ROOT);
			rows.add(List.of(version, migration.getDescription(), state,
					migration.getInstalledOn() == null ? "-" : format.format(migration.getInstalledOn()),
					migration.getInstalledBy() == null ? "-" : migration.getInstalledBy(),
					migration.getExecutionTime() == null ? "-" : migration.getExecutionTime() + " ms",
					migration.getChecksum() == null ? "-" : migration.getChecksum().toString(), undo));
		}
		if (rows.size() == 1) {
			out.println("No migrations found in " + String.join(", ", Arrays.stream(configuration.getLocations())
				.map(Object::toString)
				.toList()));
			return MigrationCli.OK;
		}
		printTable(rows);
		return MigrationCli.OK;
	}

	private void printTable(List<List<String>> rows) {
		int[] widths = new int[rows.get(0).size()];
		for (List<String> row : rows) {
			for (int i = 0; i < row.size(); i++) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		for (List<String> row : rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < row.size(); i++) {
				line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
			}
			out.println(line.toString().stripTrailing());
		}
	}

	// stamp

	int stamp(String target) throws SQLException {
		MigrationInfoService info = info();
		List<MigrationInfo> resolved = resolved(info);
		MigrationVersion goal;
		if (target.equals("base")) {
			goal = null;
		}
		else if (target.equals("head")) {
			if (resolved.isEmpty()) {
				throw new MigrationException("There are no migrations to stamp");
			}
			goal = resolved.get(resolved.size() - 1).getVersion();
		}
		else {
			MigrationVersion version = version(target, "stamp");
			if (resolved.stream().noneMatch(m -> m.getVersion().equals(version))) {
				throw new MigrationException("No migration has version " + target + " (known: " + versions(resolved)
						+ ")");
			}
			goal = version;
		}
		try (Connection connection = dataSource().getConnection()) {
			HistoryTable history = HistoryTable.on(connection, MigrationSettings.TABLE);
			if (goal != null && !history.exists()) {
				// Flyway creates its table (its own DDL, under its lock) with a baseline row at the
				// goal; the row is replaced below by one row per migration, as if each had run
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
		out.println("Stamped " + label(goal) + ": recorded in " + MigrationSettings.TABLE + ", no script ran.");
		return MigrationCli.OK;
	}

	private void stampRows(HistoryTable history, List<MigrationInfo> resolved, MigrationVersion goal)
			throws SQLException {
		if (!history.exists()) {
			return; // stamp base on a database Flyway never touched: nothing to record
		}
		history.execute("DELETE FROM " + history.qualifiedName() + " WHERE type = 'BASELINE' AND description = "
				+ Sql.literal(MigrationSettings.BASELINE_DESCRIPTION));
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

	// shared

	static MigrationVersion currentVersion(MigrationInfoService info) {
		MigrationInfo current = info.current();
		return current == null ? null : current.getVersion();
	}

	/** Versioned migrations not applied yet, lowest first. */
	static List<MigrationInfo> pending(MigrationInfoService info) {
		return Arrays.stream(info.pending())
			.filter(MigrationInfo::isVersioned)
			.sorted(Comparator.comparing(MigrationInfo::getVersion))
			.toList();
	}

	/** Versioned migrations that have a script, lowest first. */
	static List<MigrationInfo> resolved(MigrationInfoService info) {
		return Arrays.stream(info.all())
			.filter(m -> m.isVersioned() && m.getState().isResolved())
			.sorted(Comparator.comparing(MigrationInfo::getVersion))
			.toList();
	}

	private static boolean isHead(MigrationInfo current, MigrationInfoService info) {
		List<MigrationInfo> resolved = resolved(info);
		return pending(info).isEmpty() && !resolved.isEmpty()
				&& resolved.get(resolved.size() - 1).getVersion().equals(current.getVersion());
	}

	static String describe(MigrationInfo current, MigrationInfoService info) {
		if (current == null) {
			return "base (no migration applied)";
		}
		return current.getVersion() + (isHead(current, info) ? " (head)" : "") + " " + current.getDescription();
	}

	private static String label(MigrationVersion version) {
		return version == null ? "base" : version.toString();
	}

	private static String versions(List<MigrationInfo> migrations) {
		return migrations.isEmpty() ? "none"
				: migrations.stream().map(m -> m.getVersion().toString()).collect(Collectors.joining(", "));
	}

	private static MigrationVersion version(String value, String command) {
		if (!value.matches("\\d+([._]\\d+)*")) {
			throw new CommandLine.UsageException(command, "'" + value + "' is not a version");
		}
		return MigrationVersion.fromVersion(value.replace('_', '.'));
	}

	/** Prints alembic's "Running upgrade A -> B, message" as Flyway applies each migration. */
	private static final class Progress implements Callback {

		private final PrintStream out;

		private MigrationVersion previous;

		Progress(PrintStream out, MigrationVersion previous) {
			this.out = out;
			this.previous = previous;
		}

		@Override
		public boolean supports(Event event, Context context) {
			return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
		}

		@Override
		public boolean canHandleInTransaction(Event event, Context context) {
			return true;
		}

		@Override
		public void handle(Event event, Context context) {
			MigrationInfo migration = context.getMigrationInfo();
			if (migration == null || !migration.isVersioned()) {
				return;
			}
			if (event == Event.BEFORE_EACH_MIGRATE) {
				out.println("Running upgrade " + label(previous) + " -> " + migration.getVersion() + ", "
						+ migration.getDescription());
			}
			else {
				previous = migration.getVersion();
			}
		}

		@Override
		public String getCallbackName() {
			return "db-progress";
		}

	}

}
