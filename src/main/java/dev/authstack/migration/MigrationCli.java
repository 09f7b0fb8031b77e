package dev.authstack.migration;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import dev.authstack.database.DatabaseProperties;
import dev.authstack.system.InvalidConfigurationException;

/**
 * The {@code db} command line: {@code java -jar auth.jar db COMMAND}. Plain Java over Flyway,
 * JDBC and Hibernate's mapping metadata; no Spring context and no web server, so it starts fast.
 * {@link #run} is the one entry point, for {@code main} and for tests alike.
 */
public final class MigrationCli {

	static final int OK = 0;

	static final int ERROR = 1;

	static final int USAGE = 2;

	static final int DIFFERENCES = 3;

	private final CommandLine line;

	private final DatabaseProperties database;

	private final PrintStream out;

	private final PrintStream err;

	private MigrationCli(CommandLine line, DatabaseProperties database, PrintStream out, PrintStream err) {
		this.line = line;
		this.database = database;
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		CliLogging.configure(Arrays.asList(args).contains("-v") || Arrays.asList(args).contains(CommandLine.VERBOSE));
		int status = run(args, System.getenv(), System.out, System.err);
		System.out.flush();
		System.exit(status);
	}

	/**
	 * Runs one {@code db} command. {@code env} stands for the process environment; the exit code
	 * is 0 (ok), 1 (error), 2 (usage) or 3 (check found differences).
	 */
	public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
		CommandLine line;
		try {
			line = CommandLine.parse(args);
		}
		catch (CommandLine.UsageException ex) {
			err.println(ex.prefix() + ex.getMessage());
			err.println(ex.helpHint());
			return USAGE;
		}
		if (line.help()) {
			return HelpText.print(line.helpTopic(), out, err);
		}
		if (line.command() == null) {
			err.print(HelpText.USAGE);
			return USAGE;
		}
		String password = null;
		try {
			DatabaseProperties database = TargetDatabase.properties(env);
			password = database.password();
			return new MigrationCli(line, database, out, err).execute();
		}
		catch (CommandLine.UsageException ex) {
			err.println(ex.prefix() + ex.getMessage());
			err.println(ex.helpHint());
			return USAGE;
		}
		catch (RuntimeException | SQLException ex) {
			err.println("db " + line.command() + ": error: " + TargetDatabase.redact(message(ex), password));
			if (line.verbose()) {
				StringWriter trace = new StringWriter();
				ex.printStackTrace(new PrintWriter(trace));
				err.print(TargetDatabase.redact(trace.toString(), password));
			}
			return ERROR;
		}
	}

	/** The message a person needs: ours as is, others with their causes. */
	private static String message(Throwable ex) {
		if (ex instanceof MigrationException || ex instanceof FlywayException) {
			return String.valueOf(ex.getMessage()).strip();
		}
		if (ex instanceof InvalidConfigurationException invalid) {
			return invalid.getMessage() + " " + invalid.action();
		}
		StringBuilder message = new StringBuilder();
		Set<Throwable> seen = new LinkedHashSet<>();
		for (Throwable cause = ex; cause != null && seen.add(cause); cause = cause.getCause()) {
			String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().strip();
			if (message.indexOf(text) < 0) {
				message.append(message.length() == 0 ? "" : ": ").append(text);
			}
		}
		return message.toString();
	}

	private int execute() throws SQLException {
		List<String> extra = line.all(CommandLine.LOCATION).stream().map(MigrationScripts::location).toList();
		List<String> locations = MigrationSettings.locations(extra);
		ClassLoader classLoader = MigrationCli.class.getClassLoader();
		MigrationScripts scripts = MigrationScripts.scan(locations, classLoader);
		if (line.command().equals("revision") && !line.has(CommandLine.AUTOGENERATE)) {
			return revision(scripts);
		}
		try (TargetDatabase target = TargetDatabase.open(database, err)) {
			FluentConfiguration configuration = target
				.connect(MigrationSettings.applyTo(Flyway.configure(classLoader), locations));
			Migrator migrator = new Migrator(configuration, scripts, out);
			return switch (line.command()) {
				case "upgrade" -> migrator.upgrade(line.argument(), line.has(CommandLine.SQL));
				case "downgrade" -> migrator.downgrade(line.argument(), line.has(CommandLine.SQL));
				case "current" -> migrator.current();
				case "history" -> migrator.history();
				case "stamp" -> migrator.stamp(line.argument());
				case "check" -> check(configuration, migrator);
				case "revision" -> autogenerate(configuration, migrator, scripts);
				default -> throw new CommandLine.UsageException(null, "unknown command " + line.command());
			};
		}
	}

	private Path directory() {
		String dir = line.value(CommandLine.DIR);
		return dir != null ? Path.of(dir) : Revisions.defaultDirectory(Path.of(""));
	}

	private int revision(MigrationScripts scripts) {
		Path directory = directory();
		List<MigrationVersion> versions = new ArrayList<>();
		scripts.all().forEach(script -> versions.add(script.version()));
		MigrationScripts.scan(directory).all().forEach(script -> versions.add(script.version()));
		int version = version(versions);
		String slug = Revisions.slug(line.message());
		List<Path> files = Revisions.write(directory, version, slug,
				Revisions.emptyUpgrade(line.message(), version, slug), Revisions.emptyUndo(version, slug));
		files.forEach(file -> out.println("Created " + file));
		return OK;
	}

	/** The --rev-id given, else one above every version known. */
	private int version(java.util.Collection<MigrationVersion> known) {
		String revId = line.value(CommandLine.REV_ID);
		return revId != null ? Integer.parseInt(revId) : Revisions.next(known);
	}

	private SchemaDiff.Result compare(FluentConfiguration configuration) throws SQLException {
		Schema live;
		int major;
		try (Connection connection = configuration.getDataSource().getConnection()) {
			live = LiveSchema.read(connection);
			major = LiveSchema.majorVersion(connection);
		}
		// the context class loader, as Hibernate's own: it may see more than this jar (a test model)
		ClassLoader context = Thread.currentThread().getContextClassLoader();
		List<Class<?>> classes = EntityModel.classes(line.all(CommandLine.MODEL_PACKAGE),
				context != null ? context : configuration.getClassLoader());
		Schema model = EntityModel.schema(classes, major);
		return SchemaDiff.compare(model, live);
	}

	private int check(FluentConfiguration configuration, Migrator migrator) throws SQLException {
		List<MigrationInfo> pending = Migrator.pending(migrator.info());
		if (!pending.isEmpty()) {
			err.println("note: " + pending.size() + " migration" + (pending.size() == 1 ? " is" : "s are")
					+ " pending (" + versions(pending) + "); the comparison is with the database as it is");
		}
		SchemaDiff.Result diff = compare(configuration);
		if (line.verbose()) {
			printUncompared(diff);
		}
		if (diff.empty()) {
			out.println("No differences: the entity model and the database agree.");
			return OK;
		}
		out.println("The entity model and the database differ (" + diff.changes().size() + " change"
				+ (diff.changes().size() == 1 ? "" : "s") + "):");
		out.println(indent(SchemaDiff.describe(diff)));
		printNotes(diff);
		out.println("Write a migration for them: db revision --autogenerate -m \"...\"");
		return DIFFERENCES;
	}

	private int autogenerate(FluentConfiguration configuration, Migrator migrator, MigrationScripts scripts)
			throws SQLException {
		Path directory = directory();
		MigrationScripts inDirectory = MigrationScripts.scan(directory);
		MigrationInfoService info = migrator.info();
		Set<MigrationVersion> applied = Arrays.stream(info.applied())
			.map(MigrationInfo::getVersion)
			.filter(java.util.Objects::nonNull)
			.collect(Collectors.toSet());
		Set<MigrationVersion> known = new LinkedHashSet<>();
		for (MigrationScripts.Script script : scripts.all()) {
			known.add(script.version());
		}
		for (MigrationScripts.Script script : inDirectory.all()) {
			known.add(script.version());
		}
		List<String> notApplied = new ArrayList<>();
		for (MigrationScripts.Script script : concat(scripts, inDirectory)) {
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
		SchemaDiff.Result diff = compare(configuration);
		if (line.verbose()) {
			printUncompared(diff);
		}
		if (diff.empty()) {
			out.println("No changes in schema detected: the entity model and the database agree; nothing written.");
			return OK;
		}
		known.addAll(applied);
		int version = version(known);
		String slug = Revisions.slug(line.message());
		List<Path> files = Revisions.write(directory, version, slug,
				Revisions.generatedUpgrade(line.message(), version, slug, diff),
				Revisions.generatedUndo(version, slug, diff));
		out.println("Detected:");
		out.println(indent(SchemaDiff.describe(diff)));
		printNotes(diff);
		files.forEach(file -> out.println("Generated " + file));
		out.println("Review both files, then: db upgrade head");
		return OK;
	}

	private static List<MigrationScripts.Script> concat(MigrationScripts a, MigrationScripts b) {
		List<MigrationScripts.Script> all = new ArrayList<>(a.all());
		all.addAll(b.all());
		return all;
	}

	private void printNotes(SchemaDiff.Result diff) {
		if (!diff.notes().isEmpty()) {
			out.println("To decide (not done automatically):");
			out.println(indent(String.join("\n", diff.notes())));
		}
	}

	private void printUncompared(SchemaDiff.Result diff) {
		if (!diff.uncompared().isEmpty()) {
			err.println("Left out of the comparison:");
			err.println(indent(String.join("\n", diff.uncompared())));
		}
	}

	private static String indent(String text) {
		return text.lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
	}

	private static String versions(List<MigrationInfo> migrations) {
		return migrations.stream().map(m -> m.getVersion().toString()).collect(Collectors.joining(", "));
	}

}
