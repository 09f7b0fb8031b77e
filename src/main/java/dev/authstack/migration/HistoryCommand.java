package dev.authstack.migration;

import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

import dev.authstack.migration.flyway.MigrationScripts;
import dev.authstack.migration.flyway.Migrations;

/** {@code db history}: every migration, applied and pending, as a table. */
final class HistoryCommand implements Command {

	@Override
	public String name() {
		return "history";
	}

	@Override
	public List<Synopsis> synopsis() {
		return List.of(new Synopsis("", "list applied and pending migrations"));
	}

	@Override
	public String help() {
		return """
				Usage: db history [--location LOCATION]...

				Lists every migration, applied and pending: version, description, state, when and by
				whom it was installed, how long it ran, its checksum, and its undo script. Rows written
				by db stamp show "(stamp)" after the user.
				""";
	}

	@Override
	public int run(Context context) {
		Migrations migrations = context.migrations();
		MigrationInfoService info = migrations.info();
		MigrationInfo current = info.current();
		SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss'Z'");
		format.setTimeZone(TimeZone.getTimeZone("UTC"));
		List<List<String>> rows = new ArrayList<>();
		rows.add(
				List.of("version", "description", "state", "installed on", "installed by", "time", "checksum", "undo"));
		for (MigrationInfo migration : info.all()) {
			String version = migration.getVersion() == null ? "(repeatable)" : migration.getVersion().toString();
			if (current != null && migration == current) {
				version += Migrations.isHead(current, info) ? " (head, current)" : " (current)";
			}
			String undo = migration.getVersion() == null ? "-"
					: migrations.scripts()
						.undo(migration.getVersion())
						.map(MigrationScripts.Script::fileName)
						.orElse("none");
			String state = migration.getState().getDisplayName().toLowerCase(Locale.ROOT);
			rows.add(List.of(version, migration.getDescription(), state,
					migration.getInstalledOn() == null ? "-" : format.format(migration.getInstalledOn()),
					migration.getInstalledBy() == null ? "-" : migration.getInstalledBy(),
					migration.getExecutionTime() == null ? "-" : migration.getExecutionTime() + " ms",
					migration.getChecksum() == null ? "-" : migration.getChecksum().toString(), undo));
		}
		if (rows.size() == 1) {
			context.out().println("No migrations found in " + String.join(", ", migrations.locations()));
			return MigrationCli.OK;
		}
		printTable(context.out(), rows);
		return MigrationCli.OK;
	}

	private static void printTable(PrintStream out, List<List<String>> rows) {
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

}
