package dev.authstack.migration.schema;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** PostgreSQL spelling: identifiers quoted only when they must be, string literals. */
public final class Sql {

	/** PostgreSQL's reserved key words (those that cannot name a column unquoted). */
	private static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "and", "any", "array", "as", "asc",
			"asymmetric", "authorization", "binary", "both", "case", "cast", "check", "collate", "collation", "column",
			"concurrently", "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
			"current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc",
			"distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "freeze", "from", "full",
			"grant", "group", "having", "ilike", "in", "initially", "inner", "intersect", "into", "is", "isnull",
			"join", "lateral", "leading", "left", "like", "limit", "localtime", "localtimestamp", "natural", "not",
			"notnull", "null", "offset", "on", "only", "or", "order", "outer", "overlaps", "placing", "primary",
			"references", "returning", "right", "select", "session_user", "similar", "some", "symmetric", "system_user",
			"table", "tablesample", "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic",
			"verbose", "when", "where", "window", "with");

	private Sql() {
	}

	public static String identifier(String name) {
		if (name.matches("[a-z_][a-z0-9_$]*") && !RESERVED.contains(name)) {
			return name;
		}
		return "\"" + name.replace("\"", "\"\"") + "\"";
	}

	static String identifiers(List<String> names) {
		return names.stream().map(Sql::identifier).collect(Collectors.joining(", "));
	}

	public static String literal(String value) {
		return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
	}

	/** A constraint or index name in PostgreSQL's own style, within its 63-byte limit. */
	static String name(String table, List<String> columns, String suffix) {
		String name = table + "_" + String.join("_", columns) + "_" + suffix;
		if (name.length() > 63) {
			name = name.substring(0, 63 - suffix.length() - 1) + "_" + suffix;
		}
		return name;
	}

}
