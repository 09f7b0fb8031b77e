package dev.authstack.migration.schema;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code db check} and {@code db revision --autogenerate} compare: the tables of one
 * schema, taken either from the entity model or from the live database. Types are
 * PostgreSQL's spelling, normalised by {@link SqlTypes}. {@code uncompared} lists what is
 * left out of the comparison and why; {@code names} holds the names already taken by
 * relations and constraints.
 */
record Schema(Map<String, Table> tables, Map<String, Sequence> sequences, List<String> uncompared, Set<String> names) {

	record Table(String name, Map<String, Column> columns, List<String> primaryKey, List<Key> uniques,
			List<Key> indexes, List<ForeignKey> foreignKeys) {

	}

	/**
	 * {@code defaultValue} is SQL; {@code identity} means a generated-as-identity column.
	 */
	record Column(String name, String type, boolean nullable, String defaultValue, boolean identity) {

	}

	/**
	 * A unique key or an index over plain columns; {@code name} is null when the model
	 * left it to us.
	 */
	record Key(String name, List<String> columns) {

	}

	record ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns,
			String onDelete) {

		String signature() {
			return columns + "->" + referencedTable + referencedColumns;
		}

	}

	record Sequence(String name, long start, long increment) {

	}

}
