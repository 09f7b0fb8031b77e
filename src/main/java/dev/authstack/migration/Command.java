package dev.authstack.migration;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import dev.authstack.migration.CommandLine.Option;
import dev.authstack.migration.flyway.MigrationScripts;
import dev.authstack.migration.flyway.Migrations;

/**
 * One {@code db} command: its name, what it takes, its help and what it does.
 * {@link Commands} lists them; parsing, dispatch and {@code --help} are made from that
 * list.
 */
interface Command {

	/** What {@code db NAME} is called. */
	String name();

	/** Its lines in the command list of {@code db --help}: arguments and what they do. */
	List<Synopsis> synopsis();

	/**
	 * What {@code db NAME --help} prints (the database and exit-code lines follow it).
	 */
	String help();

	/** Its own options, on top of {@link CommandLine#EVERYWHERE}. */
	default Set<Option> options() {
		return Set.of();
	}

	default int maxArguments() {
		return 0;
	}

	/**
	 * Refuses, with a {@link CommandLine.UsageException}, what makes no sense before
	 * anything runs.
	 */
	default void validate(CommandLine line) {
	}

	/**
	 * Whether it runs on the database; otherwise {@link Context#migrations()} is null.
	 */
	default boolean needsDatabase(CommandLine line) {
		return true;
	}

	/** Runs it; the exit code. */
	int run(Context context) throws SQLException;

	/** One line of the command list: {@code db NAME ARGUMENTS}, and what it does. */
	record Synopsis(String arguments, String description) {

	}

	/**
	 * What a command runs with: the line, the scripts, the database's migrations, the
	 * output.
	 */
	record Context(CommandLine line, MigrationScripts scripts, Migrations migrations, PrintStream out,
			PrintStream err) {

	}

}
