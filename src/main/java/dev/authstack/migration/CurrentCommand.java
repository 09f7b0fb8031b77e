package dev.authstack.migration;

import java.util.List;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

import dev.authstack.migration.flyway.Migrations;

/** {@code db current}: the version the database is at, and what is pending. */
final class CurrentCommand implements Command {

	@Override
	public String name() {
		return "current";
	}

	@Override
	public List<Synopsis> synopsis() {
		return List.of(new Synopsis("", "print the version the database is at"));
	}

	@Override
	public String help() {
		return """
				Usage: db current [--location LOCATION]...

				Prints the version the database is at, "(head)" when nothing is pending, and the
				pending versions if any. "base" means nothing is applied.
				""";
	}

	@Override
	public int run(Context context) {
		MigrationInfoService info = context.migrations().info();
		context.out().println(Migrations.describe(info.current(), info));
		List<MigrationInfo> pending = Migrations.pending(info);
		if (!pending.isEmpty()) {
			context.out().println(pending.size() + " pending: " + Migrations.versions(pending) + " (db upgrade head)");
		}
		return MigrationCli.OK;
	}

}
