package dev.authstack.migration;

import java.sql.SQLException;
import java.util.List;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

import dev.authstack.migration.flyway.Migrations;

/** {@code db stamp VERSION|head|base}: the history says VERSION, no script runs. */
final class StampCommand implements Command {

	@Override
	public String name() {
		return "stamp";
	}

	@Override
	public List<Synopsis> synopsis() {
		return List.of(new Synopsis("VERSION|head|base", "record a version as applied, running nothing"));
	}

	@Override
	public int maxArguments() {
		return 1;
	}

	@Override
	public void validate(CommandLine line) {
		line.checkTarget(name(), true, "head|base|" + CommandLine.VERSION, "a version, head or base");
	}

	@Override
	public String help() {
		return """
				Usage: db stamp VERSION|head|base [--location LOCATION]...

				Records the database as being at VERSION without running any script: for a database
				whose tables were made another way (a restore, a hand-made schema). Up: one history row
				per migration up to VERSION, with the scripts' checksums, so Flyway's validation and later
				upgrades and downgrades work as if they had run (installed_by says "(stamp)"). Down: the
				rows above VERSION are deleted, running no undo. base empties the history. When the
				history table does not exist yet, Flyway's baseline creates it first.
				""";
	}

	@Override
	public int run(Context context) throws SQLException {
		String target = context.line().argument();
		List<MigrationInfo> resolved = Migrations.resolved(context.migrations().info());
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
			MigrationVersion version = context.line().version(target);
			if (resolved.stream().noneMatch(m -> m.getVersion().equals(version))) {
				throw new MigrationException(
						"No migration has version " + target + " (known: " + Migrations.versions(resolved) + ")");
			}
			goal = version;
		}
		context.migrations().stamp(resolved, goal);
		context.out()
			.println("Stamped " + Migrations.label(goal) + ": recorded in " + MigrationSettings.TABLE
					+ ", no script ran.");
		return MigrationCli.OK;
	}

}
