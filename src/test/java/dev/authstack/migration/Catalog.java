package dev.authstack.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A database's schema as text, from information_schema and pg_catalog: columns with
 * types, nullability, defaults and identity; indexes; constraints; sequences. Two
 * databases with equal dumps have the same schema. Flyway's history table is left out;
 * column positions too (a column dropped and added again moves to the end).
 */
final class Catalog {

	private static final List<String> QUERIES = List.of("""
			SELECT 'column', table_name, column_name, data_type, character_maximum_length, numeric_precision,
			       datetime_precision, is_nullable, column_default, is_identity, identity_generation
			FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name <> 'flyway_schema_history'
			ORDER BY table_name, column_name""", """
			SELECT 'index', tablename, indexname, indexdef
			FROM pg_indexes
			WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history'
			ORDER BY tablename, indexname""", """
			SELECT 'constraint', c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)
			FROM pg_constraint c
			WHERE c.connamespace = current_schema()::regnamespace
			  AND c.conrelid::regclass::text <> 'flyway_schema_history'
			ORDER BY 2, 3""", """
			SELECT 'sequence', sequence_name, data_type, increment
			FROM information_schema.sequences
			WHERE sequence_schema = current_schema()
			ORDER BY sequence_name""");

	private Catalog() {
	}

	static String dump(String url) {
		StringBuilder dump = new StringBuilder();
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement()) {
			for (String query : QUERIES) {
				try (ResultSet rs = statement.executeQuery(query)) {
					ResultSetMetaData meta = rs.getMetaData();
					while (rs.next()) {
						List<String> row = new ArrayList<>();
						for (int i = 1; i <= meta.getColumnCount(); i++) {
							row.add(String.valueOf(rs.getObject(i)));
						}
						dump.append(String.join(" | ", row)).append('\n');
					}
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return dump.toString();
	}

	/** The values of the first column of {@code sql}'s rows, as text. */
	static List<String> column(String url, String sql) {
		List<String> values = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			while (rs.next()) {
				values.add(rs.getString(1));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return values;
	}

	static List<String> columnsOf(String url, String table) {
		return column(url, "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
				+ " AND table_name = '" + table + "' ORDER BY column_name");
	}

	static boolean tableExists(String url, String table) {
		return column(url, "SELECT to_regclass('" + table + "') IS NOT NULL").get(0).equals("t");
	}

	/** Versions in Flyway's history, in the order they were installed. */
	static List<String> history(String url) {
		if (!tableExists(url, MigrationSettings.TABLE)) {
			return List.of();
		}
		return column(url,
				"SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank");
	}

	static void execute(String url, String sql) {
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
