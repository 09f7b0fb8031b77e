package dev.authstack.migration.schema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live database's current schema as {@link Schema}, read from pg_catalog. Flyway's
 * history table is left out; indexes PostgreSQL can hold but an entity cannot declare (on
 * expressions such as {@code lower(username)}, partial, not btree, with INCLUDE columns)
 * are listed as not compared, as are check constraints and column defaults.
 */
final class LiveSchema {

	private static final String TABLES = """
			SELECT c.oid, c.relname
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
			ORDER BY c.relname""";

	private static final String COLUMNS = """
			SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
			       a.attidentity <> '', pg_get_expr(d.adbin, d.adrelid)
			FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
			JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
			ORDER BY a.attrelid, a.attnum""";

	private static final String INDEXES = """
			SELECT i.indrelid, ic.relname, i.indisunique, i.indisprimary,
			       i.indexprs IS NOT NULL OR i.indpred IS NOT NULL OR am.amname <> 'btree'
			         OR i.indnatts <> i.indnkeyatts,
			       con.conname, con.contype, pg_get_indexdef(i.indexrelid),
			       ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
			             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord)
			FROM pg_index i
			JOIN pg_class ic ON ic.oid = i.indexrelid
			JOIN pg_am am ON am.oid = ic.relam
			JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
			     AND con.contype IN ('p', 'u', 'x')
			WHERE n.nspname = current_schema()
			ORDER BY ic.relname""";

	private static final String FOREIGN_KEYS = """
			SELECT con.conrelid, con.conname, rc.relname, con.confdeltype,
			       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
			             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
			       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
			             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)
			FROM pg_constraint con
			JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			JOIN pg_class rc ON rc.oid = con.confrelid
			WHERE n.nspname = current_schema() AND con.contype = 'f'
			ORDER BY con.conname""";

	private static final String SEQUENCES = """
			SELECT s.sequencename, s.start_value, s.increment_by
			FROM pg_sequences s JOIN pg_class c ON c.relname = s.sequencename
			JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname
			WHERE s.schemaname = current_schema()
			  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
			ORDER BY s.sequencename""";

	/**
	 * Names of relations and constraints: a new index or constraint must not reuse one.
	 */
	private static final String NAMES = """
			SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema()
			UNION
			SELECT con.conname FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
			WHERE n.nspname = current_schema()""";

	private LiveSchema() {
	}

	/**
	 * The current schema's tables, less {@code historyTable} (Flyway's, never compared).
	 */
	static Schema read(Connection connection, String historyTable) throws SQLException {
		Map<Long, String> names = new LinkedHashMap<>();
		Map<Long, Map<String, Schema.Column>> columns = new LinkedHashMap<>();
		Map<Long, List<String>> primaryKeys = new LinkedHashMap<>();
		Map<Long, List<Schema.Key>> uniques = new LinkedHashMap<>();
		Map<Long, List<Schema.Key>> indexes = new LinkedHashMap<>();
		Map<Long, List<Schema.ForeignKey>> foreignKeys = new LinkedHashMap<>();
		List<String> uncompared = new ArrayList<>();
		query(connection, TABLES, rs -> {
			if (!rs.getString(2).equals(historyTable)) {
				names.put(rs.getLong(1), rs.getString(2));
			}
		});
		query(connection, COLUMNS, rs -> {
			Map<String, Schema.Column> table = columns.computeIfAbsent(rs.getLong(1), key -> new LinkedHashMap<>());
			String name = rs.getString(2);
			table.put(name, new Schema.Column(name, SqlTypes.canonical(rs.getString(3)), !rs.getBoolean(4),
					rs.getString(6), rs.getBoolean(5)));
		});
		query(connection, INDEXES, rs -> {
			long table = rs.getLong(1);
			if (!names.containsKey(table)) {
				return;
			}
			String name = rs.getString(2);
			List<String> keyColumns = strings(rs.getArray(9));
			String constraint = rs.getString(6);
			if (rs.getBoolean(4)) {
				primaryKeys.put(table, keyColumns);
			}
			else if (rs.getBoolean(5) || "x".equals(rs.getString(7))) {
				uncompared.add("index " + name + ": " + rs.getString(8));
			}
			else if (rs.getBoolean(3)) {
				uniques.computeIfAbsent(table, key -> new ArrayList<>())
					.add(new Schema.Key(constraint != null ? constraint : name, keyColumns));
			}
			else {
				indexes.computeIfAbsent(table, key -> new ArrayList<>()).add(new Schema.Key(name, keyColumns));
			}
		});
		query(connection, FOREIGN_KEYS, rs -> {
			long table = rs.getLong(1);
			if (names.containsKey(table)) {
				foreignKeys.computeIfAbsent(table, key -> new ArrayList<>())
					.add(new Schema.ForeignKey(rs.getString(2), strings(rs.getArray(5)), rs.getString(3),
							strings(rs.getArray(6)), onDelete(rs.getString(4))));
			}
		});
		Map<String, Schema.Sequence> sequences = new LinkedHashMap<>();
		query(connection, SEQUENCES, rs -> sequences.put(rs.getString(1),
				new Schema.Sequence(rs.getString(1), rs.getLong(2), rs.getLong(3))));
		Set<String> taken = new HashSet<>();
		query(connection, NAMES, rs -> taken.add(rs.getString(1)));
		Map<String, Schema.Table> tables = new LinkedHashMap<>();
		names.forEach((oid, name) -> tables.put(name,
				new Schema.Table(name, columns.getOrDefault(oid, Map.of()), primaryKeys.getOrDefault(oid, List.of()),
						uniques.getOrDefault(oid, List.of()), indexes.getOrDefault(oid, List.of()),
						foreignKeys.getOrDefault(oid, List.of()))));
		return new Schema(tables, sequences, uncompared, taken);
	}

	private static String onDelete(String code) {
		return switch (code) {
			case "c" -> "CASCADE";
			case "n" -> "SET NULL";
			case "d" -> "SET DEFAULT";
			case "r" -> "RESTRICT";
			default -> null;
		};
	}

	private static List<String> strings(Array array) throws SQLException {
		return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
	}

	static int majorVersion(Connection connection) throws SQLException {
		return connection.getMetaData().getDatabaseMajorVersion();
	}

	private static void query(Connection connection, String sql, RowHandler handler) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				handler.handle(rs);
			}
		}
	}

	@FunctionalInterface
	private interface RowHandler {

		void handle(ResultSet rs) throws SQLException;

	}

}
