package dev.authstack.migration;

import java.io.PrintStream;
import java.util.Map;

/** What {@code db --help} and {@code db COMMAND --help} print. */
final class HelpText {

	static final String USAGE = """
			Usage: db COMMAND [options]     (db --help explains everything)
			Commands: upgrade, downgrade, current, history, stamp, revision, check
			""";

	static final String MAIN = """
			Usage: db COMMAND [options]

			The database migration tool of authstack: the seed's alembic workflow on Flyway. The
			service jar is the tool: java -jar auth.jar db ..., bin/db ... in a checkout, and
			docker compose exec auth db ... in the container.

			Commands:
			  upgrade [head|+N|VERSION]       apply pending migrations (default: head)
			  downgrade -N|VERSION|base       undo applied migrations with their U scripts
			  current                         print the version the database is at
			  history                         list applied and pending migrations
			  stamp VERSION|head|base         record a version as applied, running nothing
			  revision -m MESSAGE             create empty V{n} and U{n} scripts
			  revision --autogenerate -m MESSAGE
			                                  write V{n} and U{n} scripts that bring the database
			                                  to the entity model
			  check                           exit 3 when the entity model and the database differ

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

	private static final Map<String, String> COMMANDS = Map.of("upgrade", """
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
			""", "downgrade", """
			Usage: db downgrade -N|VERSION|base [--sql] [--location LOCATION]...

			Undoes applied migrations, newest first, by running their U{n}__*.sql scripts. Each undo
			runs in one transaction together with deleting its version's row from
			flyway_schema_history, so a later db upgrade applies that version again.
			  -N          undo the last N migrations
			  VERSION     undo every migration above VERSION, which must be applied
			  base        undo everything
			  --sql       print the SQL that would run, and run nothing

			Refuses, changing nothing, when any needed U script is missing (or a version was recorded
			by a Flyway baseline). Holds Flyway's lock while it runs. Undoing a dropped column or
			table restores its structure, not its data.
			""", "current", """
			Usage: db current [--location LOCATION]...

			Prints the version the database is at, "(head)" when nothing is pending, and the
			pending versions if any. "base" means nothing is applied.
			""", "history", """
			Usage: db history [--location LOCATION]...

			Lists every migration, applied and pending: version, description, state, when and by
			whom it was installed, how long it ran, its checksum, and its undo script. Rows written
			by db stamp show "(stamp)" after the user.
			""", "stamp", """
			Usage: db stamp VERSION|head|base [--location LOCATION]...

			Records the database as being at VERSION without running any script: for a database
			whose tables were made another way (a restore, a hand-made schema). Up: one history row
			per migration up to VERSION, with the scripts' checksums, so Flyway's validation and later
			upgrades and downgrades work as if they had run (installed_by says "(stamp)"). Down: the
			rows above VERSION are deleted, running no undo. base empties the history. When the
			history table does not exist yet, Flyway's baseline creates it first.
			""", "revision", """
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
			""", "check", """
			Usage: db check [--model-package PACKAGE]... [--location LOCATION]...

			Compares the entity model with the live database as db revision --autogenerate does (see
			db revision --help for what is compared and what is left alone) and prints the
			differences. Exit code 0 when they agree, 3 when they differ; -v lists what was left out
			of the comparison. Run it after db upgrade head to prove the migrations match the
			entities.
			""");

	private HelpText() {
	}

	static int print(String topic, PrintStream out, PrintStream err) {
		if (topic == null) {
			out.print(MAIN);
			return MigrationCli.OK;
		}
		String text = COMMANDS.get(topic);
		if (text == null) {
			err.println("db: no help on '" + topic + "' (commands: " + String.join(", ", CommandLine.COMMANDS) + ")");
			return MigrationCli.USAGE;
		}
		out.print(text);
		out.print("""

				Database: AUTH_DB_URL, AUTH_DB_USERNAME, AUTH_DB_PASSWORD (or *_FILE); without AUTH_DB_URL
				the embedded PostgreSQL in AUTH_DATA_DIR. Exit codes: 0 ok, 1 error, 2 usage, 3 differences.
				""");
		return MigrationCli.OK;
	}

}
