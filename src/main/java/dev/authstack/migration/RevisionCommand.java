package dev.authstack.migration;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

import dev.authstack.migration.CommandLine.Option;
import dev.authstack.migration.flyway.MigrationScripts;
import dev.authstack.migration.schema.SchemaDiff;

/**
 * {@code db revision -m MESSAGE [--autogenerate]}: new V and U scripts, empty or with
 * what brings the database to the entity model. Only --autogenerate needs the database.
 */
final class RevisionCommand implements Command {

	/** Also for {@link Revisions}, whose refusals are this command's usage errors. */
	static final String NAME = "revision";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<Synopsis> synopsis() {
		return List.of(new Synopsis("-m MESSAGE", "create empty V{n} and U{n} scripts"),
				new Synopsis("--autogenerate -m MESSAGE",
						"write V{n} and U{n} scripts that bring the database\nto the entity model"));
	}

	@Override
	public Set<Option> options() {
		return Set.of(CommandLine.MESSAGE, CommandLine.AUTOGENERATE, CommandLine.DIR, CommandLine.MODEL_PACKAGE,
				CommandLine.REV_ID);
	}

	@Override
	public void validate(CommandLine line) {
		if (line.message().isBlank()) {
			throw new CommandLine.UsageException(name(), "needs a message: -m \"what it changes\"");
		}
		if (line.has(CommandLine.REV_ID) && !line.value(CommandLine.REV_ID).matches("[1-9]\\d{0,8}")) {
			throw new CommandLine.UsageException(name(), "--rev-id takes a whole version number, such as 7");
		}
	}

	@Override
	public boolean needsDatabase(CommandLine line) {
		return line.has(CommandLine.AUTOGENERATE);
	}

	@Override
	public String help() {
		return """
				Usage: db revision -m MESSAGE [--autogenerate] [--dir DIR] [--rev-id N]
				                   [--location LOCATION]... [--model-package PACKAGE]...

				Creates V{n}__message.sql and U{n}__message.sql (the message in snake_case; n one above
				the highest version among the scripts in DIR, the jar and --location, and the versions
				applied). Never overwrites: refuses when version n already has a script in DIR.
				  -m, --message MESSAGE   what the revision does
				  --rev-id N              use version N instead of the next one
				  --dir DIR               where to write (default: src/main/resources/db/migration of the
				                          checkout around the working directory)
				  --autogenerate          compare the entity model with the live database and write the
				                          statements that bring the database to the model, and their undo
				  --model-package PACKAGE also take the entities in PACKAGE into the model (repeatable)

				--autogenerate needs the database at head (including the scripts in DIR) and writes
				nothing when there is no difference. The model is Hibernate's mapping of the @Entity
				classes under dev.authstack (the application's own, not tests'), named as the service
				names them. It detects:
				  new tables; new columns; dropped columns (a column of a mapped table that the entity
				  lacks); type and length changes; nullability changes; unique keys (@Column(unique),
				  @UniqueConstraint, @Index(unique = true)) without a unique constraint or unique index on
				  the same columns; indexes (@Index) without an index on the same columns; foreign keys
				  without one on the same columns and target; sequences.
				Left alone, by rule: what only the database has beyond the mapped tables' columns —
				tables no entity maps, indexes, unique constraints and foreign keys the model does not
				declare, check constraints, column defaults, indexes on expressions such as
				lower(username), partial and non-btree indexes — and flyway_schema_history.
				Printed for you to decide, not written: renames (a dropped and an added column or
				table), identity and primary key changes, USING casts between type families, NOT NULL
				columns that existing rows may break.
				""";
	}

	@Override
	public int run(Context context) throws SQLException {
		return context.line().has(CommandLine.AUTOGENERATE) ? autogenerate(context) : empty(context);
	}

	private static int empty(Context context) {
		CommandLine line = context.line();
		Path directory = directory(line);
		List<MigrationVersion> versions = new ArrayList<>();
		context.scripts().all().forEach(script -> versions.add(script.version()));
		MigrationScripts.scan(directory).all().forEach(script -> versions.add(script.version()));
		int version = version(line, versions);
		String slug = Revisions.slug(line.message());
		List<Path> files = Revisions.write(directory, version, slug,
				Revisions.emptyUpgrade(line.message(), version, slug), Revisions.emptyUndo(version, slug));
		files.forEach(file -> context.out().println("Created " + file));
		return MigrationCli.OK;
	}

	private static int autogenerate(Context context) throws SQLException {
		CommandLine line = context.line();
		PrintStream out = context.out();
		Path directory = directory(line);
		MigrationScripts inDirectory = MigrationScripts.scan(directory);
		Set<MigrationVersion> applied = Arrays.stream(context.migrations().info().applied())
			.map(MigrationInfo::getVersion)
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
		Set<MigrationVersion> known = new LinkedHashSet<>();
		List<MigrationScripts.Script> all = new ArrayList<>(context.scripts().all());
		all.addAll(inDirectory.all());
		all.forEach(script -> known.add(script.version()));
		List<String> notApplied = new ArrayList<>();
		for (MigrationScripts.Script script : all) {
			if (script.prefix() == 'V' && !applied.contains(script.version())
					&& !notApplied.contains(script.fileName())) {
				notApplied.add(script.fileName());
			}
		}
		if (!notApplied.isEmpty()) {
			throw new MigrationException("The database is not up to date: " + String.join(", ", notApplied)
					+ " not applied. Run db upgrade head first (with --location for scripts outside the jar),"
					+ " so the new revision starts from the latest schema");
		}
		SchemaDiff.Result diff = SchemaReport.compare(context);
		SchemaReport.printUncompared(context, diff);
		if (diff.empty()) {
			out.println("No changes in schema detected: the entity model and the database agree; nothing written.");
			return MigrationCli.OK;
		}
		known.addAll(applied);
		int version = version(line, known);
		String slug = Revisions.slug(line.message());
		List<Path> files = Revisions.write(directory, version, slug,
				Revisions.generatedUpgrade(line.message(), version, slug, diff),
				Revisions.generatedUndo(version, slug, diff));
		out.println("Detected:");
		out.println(SchemaReport.indent(SchemaDiff.describe(diff)));
		SchemaReport.printNotes(out, diff);
		files.forEach(file -> out.println("Generated " + file));
		out.println("Review both files, then: db upgrade head");
		return MigrationCli.OK;
	}

	/** --dir, else the checkout's scripts directory. */
	private static Path directory(CommandLine line) {
		String dir = line.value(CommandLine.DIR);
		return dir != null ? Path.of(dir) : Revisions.defaultDirectory(Path.of(""));
	}

	/** The --rev-id given, else one above every version known. */
	private static int version(CommandLine line, Collection<MigrationVersion> known) {
		String revId = line.value(CommandLine.REV_ID);
		return revId != null ? Integer.parseInt(revId) : Revisions.next(known);
	}

}
