package dev.authstack.migration;

import java.io.PrintStream;

/** What {@code db --help} and {@code db COMMAND --help} print. */
final class HelpText {

	/** The width of the command column in {@code db --help}. */
	private static final int COLUMN = 34;

	private static final String MAIN_TOP = """
			Usage: db COMMAND [options]

			The database migration tool of authstack: the seed's alembic workflow on Flyway. The
			service jar is the tool: java -jar auth.jar db ..., bin/db ... in a checkout, and
			docker compose exec auth db ... in the container.

			""";

	private static final String MAIN_REST = """

			Options for every command:
			  --location LOCATION             also read migrations from LOCATION: a directory, or a
			                                  Flyway location (filesystem:/dir, classpath:pkg/dir);
			                                  repeatable. The jar's classpath:db/migration is always read.
			  -v, --verbose                   show Flyway's log and stack traces
			  -h, --help                      this text; db COMMAND --help explains one command

			Migrations:
			  V{n}__name.sql upgrades to version n, U{n}__name.sql undoes it (the free edition of Flyway
			  runs only the V scripts; db downgrade runs the U scripts). Flyway records applied versions
			  in the table flyway_schema_history. The service migrates with the same settings at start
			  when AUTH_MIGRATE_ON_START is true (the default except under the prod and stage profiles).

			Database: the service's own settings, from the environment
			  AUTH_DB_URL                     JDBC URL of the PostgreSQL server
			  AUTH_DB_USERNAME, AUTH_DB_PASSWORD
			  X_FILE                          any of these read from a file instead (Docker secrets)
			  AUTH_DATA_DIR                   without AUTH_DB_URL: the embedded PostgreSQL kept in
			                                  AUTH_DATA_DIR/postgres (default ./data). Stop the service
			                                  first: one process at a time owns that directory. The prod
			                                  profile (SPRING_PROFILES_ACTIVE=prod) refuses it.

			Concurrency: runs on one database take turns on Flyway's PostgreSQL advisory lock, so
			several replicas may run db upgrade head at once; each ends at head.

			Exit codes: 0 ok, 1 error, 2 usage error, 3 check found differences.
			Passwords are never printed.
			""";

	private static final String COMMAND_FOOTER = """

			Database: AUTH_DB_URL, AUTH_DB_USERNAME, AUTH_DB_PASSWORD (or *_FILE); without AUTH_DB_URL
			the embedded PostgreSQL in AUTH_DATA_DIR. Exit codes: 0 ok, 1 error, 2 usage, 3 differences.
			""";

	private HelpText() {
	}

	/** What a bare {@code db} prints: how to ask for more, and the commands. */
	static String usage() {
		return "Usage: db COMMAND [options]     (db --help explains everything)\n" + "Commands: "
				+ String.join(", ", Commands.names()) + "\n";
	}

	/** {@code db --help}: the commands of the registry, each line by its synopsis. */
	static String main() {
		StringBuilder text = new StringBuilder(MAIN_TOP).append("Commands:\n");
		for (Command command : Commands.all()) {
			for (Command.Synopsis synopsis : command.synopsis()) {
				String usage = "  " + command.name()
						+ (synopsis.arguments().isEmpty() ? "" : " " + synopsis.arguments());
				String indent = " ".repeat(COLUMN);
				String description = synopsis.description().replace("\n", "\n" + indent);
				text.append(usage.length() <= COLUMN - 2 ? String.format("%-" + COLUMN + "s", usage)
						: usage + "\n" + indent)
					.append(description)
					.append('\n');
			}
		}
		return text.append(MAIN_REST).toString();
	}

	static int print(String topic, PrintStream out, PrintStream err) {
		if (topic == null) {
			out.print(main());
			return MigrationCli.OK;
		}
		Command command = Commands.named(topic).orElse(null);
		if (command == null) {
			err.println("db: no help on '" + topic + "' (commands: " + String.join(", ", Commands.names()) + ")");
			return MigrationCli.USAGE;
		}
		out.print(command.help());
		out.print(COMMAND_FOOTER);
		return MigrationCli.OK;
	}

}
