package dev.authstack.migration;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import org.flywaydb.core.api.MigrationInfo;

import dev.authstack.migration.CommandLine.Option;
import dev.authstack.migration.flyway.Migrations;
import dev.authstack.migration.schema.SchemaDiff;

/** {@code db check}: exit 3 when the entity model and the database differ. */
final class CheckCommand implements Command {

	@Override
	public String name() {
		return "check";
	}

	@Override
	public List<Synopsis> synopsis() {
		return List.of(new Synopsis("", "exit 3 when the entity model and the database differ"));
	}

	@Override
	public Set<Option> options() {
		return Set.of(CommandLine.MODEL_PACKAGE);
	}

	@Override
	public String help() {
		return """
				Usage: db check [--model-package PACKAGE]... [--location LOCATION]...

				Compares the entity model with the live database as db revision --autogenerate does (see
				db revision --help for what is compared and what is left alone) and prints the
				differences. Exit code 0 when they agree, 3 when they differ; -v lists what was left out
				of the comparison. Run it after db upgrade head to prove the migrations match the
				entities.
				""";
	}

	@Override
	public int run(Context context) throws SQLException {
		PrintStream out = context.out();
		List<MigrationInfo> pending = Migrations.pending(context.migrations().info());
		if (!pending.isEmpty()) {
			context.err()
				.println("note: " + pending.size() + " migration" + (pending.size() == 1 ? " is" : "s are")
						+ " pending (" + Migrations.versions(pending)
						+ "); the comparison is with the database as it is");
		}
		SchemaDiff.Result diff = SchemaReport.compare(context);
		SchemaReport.printUncompared(context, diff);
		if (diff.empty()) {
			out.println("No differences: the entity model and the database agree.");
			return MigrationCli.OK;
		}
		out.println("The entity model and the database differ (" + diff.changes().size() + " change"
				+ (diff.changes().size() == 1 ? "" : "s") + "):");
		out.println(SchemaReport.indent(SchemaDiff.describe(diff)));
		SchemaReport.printNotes(out, diff);
		out.println("Write a migration for them: db revision --autogenerate -m \"...\"");
		return MigrationCli.DIFFERENCES;
	}

}
