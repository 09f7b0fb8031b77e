package dev.authstack.migration;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.stream.Collectors;

import dev.authstack.migration.schema.SchemaDiff;

/**
 * The entity model against the database, as {@code check} and
 * {@code revision --autogenerate} print it.
 */
final class SchemaReport {

	private SchemaReport() {
	}

	static SchemaDiff.Result compare(Command.Context context) throws SQLException {
		// the context class loader, as Hibernate's own: it may see more than this jar (a
		// test model)
		ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
		if (classLoader == null) {
			classLoader = context.migrations().configuration().getClassLoader();
		}
		try (Connection connection = context.migrations().connect()) {
			return SchemaDiff.modelAgainstDatabase(connection, MigrationSettings.TABLE,
					context.line().all(CommandLine.MODEL_PACKAGE), classLoader);
		}
	}

	static void printNotes(PrintStream out, SchemaDiff.Result diff) {
		if (!diff.notes().isEmpty()) {
			out.println("To decide (not done automatically):");
			out.println(indent(String.join("\n", diff.notes())));
		}
	}

	/** With --verbose: what the comparison left out, on stderr. */
	static void printUncompared(Command.Context context, SchemaDiff.Result diff) {
		if (context.line().verbose() && !diff.uncompared().isEmpty()) {
			context.err().println("Left out of the comparison:");
			context.err().println(indent(String.join("\n", diff.uncompared())));
		}
	}

	static String indent(String text) {
		return text.lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
	}

}
