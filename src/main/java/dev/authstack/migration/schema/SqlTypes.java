package dev.authstack.migration.schema;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One spelling per PostgreSQL type, so Hibernate's {@code varchar(64)} and
 * {@code float(53)} compare equal to the catalog's {@code character varying(64)} and
 * {@code double precision}.
 */
final class SqlTypes {

	private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("varchar", "character varying"),
			Map.entry("char", "character"), Map.entry("bpchar", "character"), Map.entry("int", "integer"),
			Map.entry("int4", "integer"), Map.entry("int8", "bigint"), Map.entry("int2", "smallint"),
			Map.entry("float8", "double precision"), Map.entry("float4", "real"), Map.entry("bool", "boolean"),
			Map.entry("decimal", "numeric"), Map.entry("timestamptz", "timestamp with time zone"),
			Map.entry("timestamp", "timestamp without time zone"), Map.entry("timetz", "time with time zone"),
			Map.entry("time", "time without time zone"), Map.entry("varbit", "bit varying"));

	private static final Pattern TIME = Pattern.compile("(timestamp|time)(?:\\((\\d+)\\))?( with(?:out)? time zone)?");

	private static final Pattern ZONED = Pattern.compile("(timestamp|time)tz(\\(\\d+\\))?");

	private static final Pattern FLOAT = Pattern.compile("float\\((\\d+)\\)");

	private static final Pattern SIZED = Pattern.compile("([a-z][a-z0-9_ ]*?)\\s*(\\(.*\\))?(\\[\\])?");

	private SqlTypes() {
	}

	static String canonical(String type) {
		String t = type.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replace(" (", "(");
		Matcher time = TIME.matcher(t);
		if (time.matches()) {
			String precision = time.group(2);
			String zone = time.group(3) == null ? " without time zone" : time.group(3);
			// 6 is PostgreSQL's default precision, and what Hibernate asks for
			return time.group(1) + (precision == null || precision.equals("6") ? "" : "(" + precision + ")") + zone;
		}
		Matcher zoned = ZONED.matcher(t);
		if (zoned.matches()) {
			return canonical(zoned.group(1) + (zoned.group(2) == null ? "" : zoned.group(2)) + " with time zone");
		}
		Matcher floating = FLOAT.matcher(t);
		if (floating.matches()) {
			return Integer.parseInt(floating.group(1)) <= 24 ? "real" : "double precision";
		}
		if (t.equals("float")) {
			return "double precision";
		}
		Matcher sized = SIZED.matcher(t);
		if (sized.matches()) {
			String base = ALIASES.getOrDefault(sized.group(1), sized.group(1));
			String size = sized.group(2) == null ? "" : sized.group(2).replace(" ", "");
			return base + size + (sized.group(3) == null ? "" : "[]");
		}
		return t;
	}

	/** The short spelling for scripts: varchar(64), timestamptz. */
	static String pretty(String type) {
		String t = canonical(type);
		Matcher time = TIME.matcher(t);
		if (time.matches()) {
			String precision = time.group(2) == null ? "" : "(" + time.group(2) + ")";
			boolean zoned = time.group(3).equals(" with time zone");
			return time.group(1) + (zoned ? "tz" : "") + precision;
		}
		return t.replaceFirst("^character varying", "varchar").replaceFirst("^character(?=\\(|$)", "char");
	}

	/** Whether ALTER COLUMN ... TYPE needs a USING clause between these types. */
	static boolean castNeeded(String from, String to) {
		return !family(from).equals(family(to));
	}

	private static String family(String type) {
		String t = canonical(type).replaceAll("\\(.*", "");
		if (t.equals("character varying") || t.equals("character") || t.equals("text")) {
			return "text";
		}
		if (t.equals("smallint") || t.equals("integer") || t.equals("bigint") || t.equals("numeric") || t.equals("real")
				|| t.equals("double precision")) {
			return "number";
		}
		if (t.startsWith("timestamp")) {
			return "timestamp";
		}
		return t;
	}

}
