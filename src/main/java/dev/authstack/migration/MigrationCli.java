package dev.authstack.migration;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import dev.authstack.database.DatabaseProperties;
import dev.authstack.migration.flyway.MigrationScripts;
import dev.authstack.migration.flyway.Migrations;
import dev.authstack.system.InvalidConfigurationException;

/**
 * The {@code db} command line: {@code java -jar auth.jar db COMMAND}. Plain Java over
 * Flyway, JDBC and Hibernate's mapping metadata; no Spring context and no web server, so
 * it starts fast. {@link #run} is the one entry point, for {@code main} and for tests
 * alike: it parses the line, opens the database when the command needs it, runs the
 * {@link Command} that {@link Commands} registers under the name, and turns failures into
 * messages and exit codes.
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
		CliLogging.configure(Arrays.asList(args).contains(CommandLine.VERBOSE.shortName())
				|| Arrays.asList(args).contains(CommandLine.VERBOSE.name()));
		int status = run(args, System.getenv(), System.out, System.err);
		System.out.flush();
		System.exit(status);
	}

	/**
	 * Runs one {@code db} command. {@code env} stands for the process environment; the
	 * exit code is 0 (ok), 1 (error), 2 (usage) or 3 (check found differences).
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
			err.print(HelpText.usage());
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
		Command command = line.runs();
		List<String> extra = line.all(CommandLine.LOCATION).stream().map(MigrationScripts::location).toList();
		List<String> locations = MigrationSettings.locations(extra);
		ClassLoader classLoader = MigrationCli.class.getClassLoader();
		MigrationScripts scripts = MigrationScripts.scan(locations, classLoader);
		if (!command.needsDatabase(line)) {
			return command.run(new Command.Context(line, scripts, null, out, err));
		}
		try (TargetDatabase target = TargetDatabase.open(database, err)) {
			FluentConfiguration configuration = target
				.connect(MigrationSettings.applyTo(Flyway.configure(classLoader), locations));
			Migrations migrations = new Migrations(configuration, scripts);
			return command.run(new Command.Context(line, scripts, migrations, out, err));
		}
	}

}
