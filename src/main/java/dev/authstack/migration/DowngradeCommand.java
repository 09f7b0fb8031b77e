package dev.authstack.migration;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.flywaydb.core.api.MigrationVersion;

import dev.authstack.migration.CommandLine.Option;
import dev.authstack.migration.flyway.HistoryTable;
import dev.authstack.migration.flyway.MigrationScripts;
import dev.authstack.migration.flyway.Migrations;

import static dev.authstack.migration.flyway.Migrations.label;

/**
 * {@code db downgrade -N|VERSION|base [--sql]}: the U scripts, newest first, each with
 * its history row in one transaction, under Flyway's lock.
 */
final class DowngradeCommand implements Command {

	@Override
	public String name() {
		return "downgrade";
	}

	@Override
	public List<Synopsis> synopsis() {
		return List.of(new Synopsis("-N|VERSION|base", "undo applied migrations with their U scripts"));
	}

	@Override
	public Set<Option> options() {
		return Set.of(CommandLine.SQL);
	}

	@Override
	public int maxArguments() {
		return 1;
	}

	@Override
	public void validate(CommandLine line) {
		line.checkTarget(name(), true, "base|-\\d+|" + CommandLine.VERSION, "-N, a version or base");
	}

	@Override
	public String help() {
		return """
				Usage: db downgrade -N|VERSION|base [--sql] [--location LOCATION]...

				Undoes applied migrations, newest first, by running their U{n}__*.sql scripts. Each undo
				runs in one transaction together with deleting its version's row from
				flyway_schema_history, so a later db upgrade applies that version again.
				  -N          undo the last N migrations
				  VERSION     undo every migration above VERSION, which must be applied
				  base        undo everything
				  --sql       print the SQL that would run, and run nothing

				Refuses, changing nothing, when any needed U script is missing (or a version was recorded
				by a Flyway baseline). Holds Flyway's lock while it runs. Undoing a dropped column or
				table restores its structure, not its data.
				""";
	}

	@Override
	public int run(Context context) throws SQLException {
		Migrations migrations = context.migrations();
		PrintStream out = context.out();
		boolean sqlOnly = context.line().has(CommandLine.SQL);
		try (Connection connection = migrations.connect()) {
			HistoryTable history = migrations.history(connection);
			if (!sqlOnly) {
				history.lock();
			}
			try {
				List<HistoryTable.Row> applied = history.applied();
				List<HistoryTable.Row> undo = plan(context.line(), applied);
				if (undo.isEmpty()) {
					out.println("Nothing to downgrade: the database is at "
							+ (applied.isEmpty() ? "base" : applied.get(applied.size() - 1).version()) + ".");
					return MigrationCli.OK;
				}
				List<MigrationScripts.Script> undoScripts = migrations.undoScripts(undo);
				if (sqlOnly) {
					printSql(out, history, applied, undo, undoScripts);
					return MigrationCli.OK;
				}
				for (int i = 0; i < undo.size(); i++) {
					HistoryTable.Row row = undo.get(i);
					MigrationScripts.Script script = undoScripts.get(i);
					out.println("Running downgrade " + row.version() + " -> " + label(below(applied, row)) + ", "
							+ row.description() + " (" + script.fileName() + ")");
					migrations.undo(connection, history, row, script);
				}
				out.println("Downgraded: the database is at " + label(below(applied, undo.get(undo.size() - 1))) + ".");
				return MigrationCli.OK;
			}
			finally {
				if (!sqlOnly) {
					history.unlock();
				}
			}
		}
	}

	/** The rows to undo, newest first. */
	private List<HistoryTable.Row> plan(CommandLine line, List<HistoryTable.Row> applied) {
		String target = line.argument();
		List<HistoryTable.Row> newestFirst = new ArrayList<>(applied);
		Collections.reverse(newestFirst);
		if (target.equals("base")) {
			return newestFirst;
		}
		if (target.matches("-\\d+")) {
			int steps = Integer.parseInt(target.substring(1));
			if (steps < 1) {
				throw new CommandLine.UsageException(name(), "-N needs N of at least 1");
			}
			if (steps > applied.size()) {
				throw new MigrationException("Cannot downgrade " + target + ": only " + applied.size() + " migration"
						+ (applied.size() == 1 ? " is" : "s are") + " applied");
			}
			return newestFirst.subList(0, steps);
		}
		MigrationVersion version = line.version(target);
		if (applied.stream().noneMatch(row -> row.migrationVersion().equals(version))) {
			throw new MigrationException("Version " + target + " is not applied (applied: "
					+ (applied.isEmpty() ? "none"
							: applied.stream().map(HistoryTable.Row::version).collect(Collectors.joining(", ")))
					+ "); use base to undo everything");
		}
		return newestFirst.stream().filter(row -> row.migrationVersion().compareTo(version) > 0).toList();
	}

	private static void printSql(PrintStream out, HistoryTable history, List<HistoryTable.Row> applied,
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

	/** The applied version just below {@code row}'s, or null (base). */
	private static MigrationVersion below(List<HistoryTable.Row> applied, HistoryTable.Row row) {
		MigrationVersion result = null;
		for (HistoryTable.Row candidate : applied) {
			if (candidate.migrationVersion().compareTo(row.migrationVersion()) < 0) {
				result = candidate.migrationVersion();
			}
		}
		return result;
	}

}
