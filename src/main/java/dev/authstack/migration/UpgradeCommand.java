package dev.authstack.migration;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Event;

import dev.authstack.migration.CommandLine.Option;
import dev.authstack.migration.flyway.HistoryTable;
import dev.authstack.migration.flyway.MigrationScripts;
import dev.authstack.migration.flyway.Migrations;

import static dev.authstack.migration.flyway.Migrations.label;
import static dev.authstack.migration.flyway.Migrations.versions;

/**
 * {@code db upgrade [head|+N|VERSION] [--sql]}: Flyway's migrate, or the SQL it would
 * run.
 */
final class UpgradeCommand implements Command {

	@Override
	public String name() {
		return "upgrade";
	}

	@Override
	public List<Synopsis> synopsis() {
		return List.of(new Synopsis("[head|+N|VERSION]", "apply pending migrations (default: head)"));
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
		line.checkTarget(name(), false, "head|\\+\\d+|" + CommandLine.VERSION, "head, +N or a version");
	}

	@Override
	public String help() {
		return """
				Usage: db upgrade [head|+N|VERSION] [--sql] [--location LOCATION]...

				Applies pending migrations in version order with Flyway, each in its own transaction,
				after validating the applied ones against their scripts (checksums).
				  head        all pending migrations (the default)
				  +N          the next N pending migrations
				  VERSION     up to and including VERSION (e.g. 2)
				  --sql       print the SQL that would run, with the history rows it would write, and run
				              nothing (reads the history to know what is pending)

				When a migration fails, its transaction is rolled back: the database stays at the last
				version that succeeded and the error names the script, line and statement. Concurrent
				upgrades wait for each other on Flyway's lock; all of them end at head.
				""";
	}

	@Override
	public int run(Context context) throws SQLException {
		Migrations migrations = context.migrations();
		PrintStream out = context.out();
		MigrationInfoService info = migrations.info();
		MigrationVersion current = Migrations.currentVersion(info);
		List<MigrationInfo> pending = Migrations.pending(info);
		MigrationVersion goal = goal(context.line(), info, pending, current);
		List<MigrationInfo> run = pending.stream().filter(m -> m.getVersion().compareTo(goal) <= 0).toList();
		if (context.line().has(CommandLine.SQL)) {
			printSql(migrations, out, current, run);
			return MigrationCli.OK;
		}
		if (run.isEmpty()) {
			out.println("Nothing to upgrade: the database is at " + Migrations.describe(info.current(), info) + ".");
			return MigrationCli.OK;
		}
		try {
			int executed = migrations.migrate(goal, new Progress(out, current));
			MigrationInfoService after = migrations.info();
			out.println((executed == 0 ? "Nothing to upgrade (another process got there first)" : "Upgraded")
					+ ": the database is at " + Migrations.describe(after.current(), after) + ".");
			return MigrationCli.OK;
		}
		catch (FlywayException ex) {
			throw migrations.failed(ex);
		}
	}

	private MigrationVersion goal(CommandLine line, MigrationInfoService info, List<MigrationInfo> pending,
			MigrationVersion current) {
		String target = line.argument();
		if (target == null || target.equals("head")) {
			return MigrationVersion.LATEST;
		}
		if (target.matches("\\+\\d+")) {
			int steps = Integer.parseInt(target.substring(1));
			if (steps < 1) {
				throw new CommandLine.UsageException(name(), "+N needs N of at least 1");
			}
			if (steps > pending.size()) {
				throw new MigrationException("Cannot upgrade " + target + ": " + pending.size() + " pending migration"
						+ (pending.size() == 1 ? "" : "s") + " (" + versions(pending) + ")");
			}
			return pending.get(steps - 1).getVersion();
		}
		MigrationVersion version = line.version(target);
		List<MigrationInfo> resolved = Migrations.resolved(info);
		if (resolved.stream().noneMatch(m -> m.getVersion().equals(version))) {
			throw new MigrationException("No migration has version " + target + " (known: " + versions(resolved) + ")");
		}
		if (current != null && version.compareTo(current) < 0) {
			throw new MigrationException("The database is at " + current + ", above " + target
					+ "; to go back, run `db downgrade " + target + "`");
		}
		return version;
	}

	private static void printSql(Migrations migrations, PrintStream out, MigrationVersion current,
			List<MigrationInfo> run) throws SQLException {
		out.println("-- db upgrade --sql: " + run.size() + " migration" + (run.size() == 1 ? "" : "s") + " from "
				+ label(current) + "; printed, not run");
		try (Connection connection = migrations.connect()) {
			HistoryTable history = migrations.history(connection);
			if (!history.exists() && !run.isEmpty()) {
				out.println("-- " + history.qualifiedName()
						+ " does not exist yet: Flyway creates it before the first migration");
			}
			MigrationVersion previous = current;
			for (MigrationInfo migration : run) {
				MigrationScripts.Script script = migrations.scripts()
					.upgrade(migration.getVersion())
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

	/**
	 * Prints alembic's "Running upgrade A -> B, message" as Flyway applies each
	 * migration.
	 */
	private static final class Progress implements Callback {

		private final PrintStream out;

		private MigrationVersion previous;

		Progress(PrintStream out, MigrationVersion previous) {
			this.out = out;
			this.previous = previous;
		}

		@Override
		public boolean supports(Event event, org.flywaydb.core.api.callback.Context context) {
			return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
		}

		@Override
		public boolean canHandleInTransaction(Event event, org.flywaydb.core.api.callback.Context context) {
			return true;
		}

		@Override
		public void handle(Event event, org.flywaydb.core.api.callback.Context context) {
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
