package dev.authstack.migration.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What it takes to bring the database to the entity model, as ordered changes with their
 * undo.
 *
 * <p>
 * The model is the authority for what it declares: its tables, their columns (a column
 * the database has and the entity lacks is dropped), types with lengths, nullability,
 * unique keys, indexes, foreign keys and sequences. What only the database has beyond
 * that — tables no entity maps, indexes, unique constraints and foreign keys the model
 * does not declare, check constraints, defaults, expression and partial indexes, Flyway's
 * history table — is written by hand in migrations and left alone. A model unique key is
 * met by a unique constraint or a unique index on the same columns; a model index by any
 * index on the same columns.
 */
public final class SchemaDiff {

	/** The order changes run in; the undo script runs their inverses backwards. */
	public enum Step {

		CREATE_SEQUENCE, CREATE_TABLE, ADD_COLUMN, ALTER_TYPE, ALTER_NULLABILITY, ADD_UNIQUE, CREATE_INDEX,
		ADD_FOREIGN_KEY, DROP_COLUMN

	}

	public record Change(Step step, String summary, List<String> up, List<String> down) {

	}

	/**
	 * {@code changes} in run order; {@code notes} are what a person must decide or know.
	 */
	public record Result(List<Change> changes, List<String> notes, List<String> uncompared) {

		public boolean empty() {
			return changes.isEmpty();
		}

		public List<String> upgrade() {
			return changes.stream().flatMap(change -> change.up().stream()).toList();
		}

		public List<String> downgrade() {
			List<String> statements = new ArrayList<>();
			for (int i = changes.size() - 1; i >= 0; i--) {
				statements.addAll(changes.get(i).down());
			}
			return statements;
		}

	}

	private final List<Change> changes = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private final Set<String> takenNames;

	private SchemaDiff(Set<String> takenNames) {
		this.takenNames = new HashSet<>(takenNames);
	}

	/**
	 * The entity model (the {@code @Entity} classes under the application's package and
	 * {@code modelPackages}, as {@code classLoader} sees them) against the database
	 * {@code connection} is on, less Flyway's {@code historyTable}.
	 */
	public static Result modelAgainstDatabase(Connection connection, String historyTable, List<String> modelPackages,
			ClassLoader classLoader) throws SQLException {
		Schema live = LiveSchema.read(connection, historyTable);
		int major = LiveSchema.majorVersion(connection);
		Schema model = EntityModel.schema(EntityModel.classes(modelPackages, classLoader), major);
		return compare(model, live);
	}

	static Result compare(Schema model, Schema database) {
		SchemaDiff diff = new SchemaDiff(database.names());
		diff.run(model, database);
		List<Change> ordered = new ArrayList<>(diff.changes);
		ordered.sort(Comparator.comparing(Change::step));
		List<String> uncompared = new ArrayList<>(model.uncompared());
		uncompared.addAll(database.uncompared());
		database.tables()
			.keySet()
			.stream()
			.filter(name -> !model.tables().containsKey(name))
			.forEach(name -> uncompared.add("table " + name + " (no entity maps it)"));
		database.sequences()
			.keySet()
			.stream()
			.filter(name -> !model.sequences().containsKey(name))
			.forEach(name -> uncompared.add("sequence " + name + " (no entity uses it)"));
		return new Result(List.copyOf(ordered), List.copyOf(diff.notes), List.copyOf(uncompared));
	}

	private void run(Schema model, Schema database) {
		for (Schema.Sequence sequence : model.sequences().values()) {
			if (!database.sequences().containsKey(sequence.name())) {
				String name = Sql.identifier(sequence.name());
				add(Step.CREATE_SEQUENCE, "+ sequence " + sequence.name(), "CREATE SEQUENCE " + name + " START WITH "
						+ sequence.start() + " INCREMENT BY " + sequence.increment() + ";",
						"DROP SEQUENCE " + name + ";");
			}
		}
		List<String> newTables = new ArrayList<>();
		for (Schema.Table table : model.tables().values()) {
			Schema.Table existing = database.tables().get(table.name());
			boolean created = existing == null;
			if (created) {
				createTable(table);
				newTables.add(table.name());
				existing = new Schema.Table(table.name(), Map.of(), table.primaryKey(), List.of(), List.of(),
						List.of());
			}
			else {
				columns(table, existing);
			}
			keys(table, existing, created);
		}
		List<String> unmapped = database.tables()
			.keySet()
			.stream()
			.filter(name -> !model.tables().containsKey(name))
			.toList();
		if (!newTables.isEmpty() && !unmapped.isEmpty()) {
			notes.add("new table" + (newTables.size() == 1 ? " " : "s ") + String.join(", ", newTables)
					+ " while no entity maps " + String.join(", ", unmapped)
					+ ": if one is a rename, write ALTER TABLE old RENAME TO new instead (keeps the data)");
		}
	}

	private void createTable(Schema.Table table) {
		int width = table.columns().keySet().stream().mapToInt(name -> Sql.identifier(name).length()).max().orElse(0);
		boolean inline = table.primaryKey().size() == 1;
		List<String> lines = new ArrayList<>();
		for (Schema.Column column : table.columns().values()) {
			boolean key = table.primaryKey().contains(column.name());
			String definition = key ? definition(column).replaceFirst(" NOT NULL$", "") : definition(column);
			lines.add("    " + String.format("%-" + width + "s ", Sql.identifier(column.name())) + definition
					+ (key && inline ? " PRIMARY KEY" : ""));
		}
		if (table.primaryKey().size() > 1) {
			lines.add("    PRIMARY KEY (" + Sql.identifiers(table.primaryKey()) + ")");
		}
		String name = Sql.identifier(table.name());
		add(Step.CREATE_TABLE, "+ table " + table.name() + " (" + String.join(", ", table.columns().keySet()) + ")",
				"CREATE TABLE " + name + " (\n" + String.join(",\n", lines) + "\n);", "DROP TABLE " + name + ";");
		takenNames.add(table.name());
		takenNames.add(table.name() + "_pkey");
	}

	private void columns(Schema.Table model, Schema.Table database) {
		String table = Sql.identifier(model.name());
		List<String> added = new ArrayList<>();
		List<String> dropped = new ArrayList<>();
		for (Schema.Column column : model.columns().values()) {
			Schema.Column existing = database.columns().get(column.name());
			String qualified = model.name() + "." + column.name();
			String name = Sql.identifier(column.name());
			if (existing == null) {
				added.add(column.name());
				add(Step.ADD_COLUMN, "+ column " + qualified + " " + definition(column),
						"ALTER TABLE " + table + " ADD COLUMN " + name + " " + definition(column) + ";",
						"ALTER TABLE " + table + " DROP COLUMN " + name + ";");
				requireDefault(model, column);
				continue;
			}
			if (!column.type().equals(existing.type())) {
				String to = SqlTypes.pretty(column.type());
				String from = SqlTypes.pretty(existing.type());
				boolean cast = SqlTypes.castNeeded(existing.type(), column.type());
				add(Step.ALTER_TYPE, "~ column " + qualified + " type " + from + " -> " + to,
						"ALTER TABLE " + table + " ALTER COLUMN " + name + " TYPE " + to
								+ (cast ? " USING " + name + "::" + to : "") + ";",
						"ALTER TABLE " + table + " ALTER COLUMN " + name + " TYPE " + from
								+ (cast ? " USING " + name + "::" + from : "") + ";");
				if (cast) {
					notes.add(qualified + " changes type from " + from + " to " + to
							+ ": check the USING cast suits the data");
				}
			}
			if (column.nullable() != existing.nullable()) {
				String set = "ALTER TABLE " + table + " ALTER COLUMN " + name + " SET NOT NULL;";
				String drop = "ALTER TABLE " + table + " ALTER COLUMN " + name + " DROP NOT NULL;";
				add(Step.ALTER_NULLABILITY,
						"~ column " + qualified + (column.nullable() ? " NOT NULL -> NULL" : " NULL -> NOT NULL"),
						column.nullable() ? drop : set, column.nullable() ? set : drop);
				if (!column.nullable()) {
					notes.add(qualified + " becomes NOT NULL: the script fails while rows hold NULL there "
							+ "(backfill first, in the same script)");
				}
			}
			if (column.identity() != existing.identity()) {
				notes.add(qualified
						+ (column.identity() ? " is an identity in the model but not in the database"
								: " is an identity in the database but not in the model")
						+ ": not changed automatically");
			}
		}
		for (Schema.Column column : database.columns().values()) {
			if (!model.columns().containsKey(column.name())) {
				dropped.add(column.name());
				String name = Sql.identifier(column.name());
				add(Step.DROP_COLUMN,
						"- column " + model.name() + "." + column.name() + " " + SqlTypes.pretty(column.type()),
						"ALTER TABLE " + table + " DROP COLUMN " + name + ";",
						"ALTER TABLE " + table + " ADD COLUMN " + name + " " + definition(column) + ";");
				notes.add(model.name() + "." + column.name() + " is dropped with its data; undoing restores the column"
						+ (!column.nullable() && column.defaultValue() == null && !column.identity()
								? " (NOT NULL without a default: the undo fails while " + model.name() + " has rows)"
								: "")
						+ ", not the data");
			}
		}
		if (!model.primaryKey().equals(database.primaryKey())) {
			notes.add(model.name() + " has primary key (" + String.join(", ", model.primaryKey())
					+ ") in the model and (" + String.join(", ", database.primaryKey())
					+ ") in the database: not changed automatically");
		}
		if (!added.isEmpty() && !dropped.isEmpty()) {
			notes.add(model.name() + ": " + String.join(", ", dropped) + " dropped and " + String.join(", ", added)
					+ " added; if that is a rename, replace the pair with ALTER TABLE " + table
					+ " RENAME COLUMN old TO new (keeps the data)");
		}
	}

	/** Keys of a new table need no undo of their own: dropping the table drops them. */
	private void keys(Schema.Table model, Schema.Table database, boolean newTable) {
		String table = Sql.identifier(model.name());
		for (Schema.Key unique : model.uniques()) {
			Set<String> columns = Set.copyOf(unique.columns());
			if (database.uniques().stream().anyMatch(key -> Set.copyOf(key.columns()).equals(columns))) {
				continue;
			}
			String name = name(unique.name(), model.name(), unique.columns(), "key");
			addKey(newTable, Step.ADD_UNIQUE,
					"+ unique " + model.name() + " (" + String.join(", ", unique.columns()) + ") as " + name,
					"ALTER TABLE " + table + " ADD CONSTRAINT " + Sql.identifier(name) + " UNIQUE ("
							+ Sql.identifiers(unique.columns()) + ");",
					"ALTER TABLE " + table + " DROP CONSTRAINT " + Sql.identifier(name) + ";");
		}
		for (Schema.Key index : model.indexes()) {
			boolean present = database.indexes().stream().anyMatch(key -> key.columns().equals(index.columns()))
					|| database.uniques().stream().anyMatch(key -> key.columns().equals(index.columns()));
			if (present) {
				continue;
			}
			String name = name(index.name(), model.name(), index.columns(), "idx");
			addKey(newTable, Step.CREATE_INDEX,
					"+ index " + model.name() + " (" + String.join(", ", index.columns()) + ") as " + name,
					"CREATE INDEX " + Sql.identifier(name) + " ON " + table + " (" + Sql.identifiers(index.columns())
							+ ");",
					"DROP INDEX " + Sql.identifier(name) + ";");
		}
		for (Schema.ForeignKey foreignKey : model.foreignKeys()) {
			if (database.foreignKeys().stream().anyMatch(key -> key.signature().equals(foreignKey.signature()))) {
				continue;
			}
			String name = name(foreignKey.name(), model.name(), foreignKey.columns(), "fkey");
			addKey(newTable, Step.ADD_FOREIGN_KEY,
					"+ foreign key " + model.name() + " (" + String.join(", ", foreignKey.columns()) + ") -> "
							+ foreignKey.referencedTable() + " (" + String.join(", ", foreignKey.referencedColumns())
							+ ")",
					"ALTER TABLE " + table + " ADD CONSTRAINT " + Sql.identifier(name) + " FOREIGN KEY ("
							+ Sql.identifiers(foreignKey.columns()) + ") REFERENCES "
							+ Sql.identifier(foreignKey.referencedTable()) + " ("
							+ Sql.identifiers(foreignKey.referencedColumns()) + ")"
							+ (foreignKey.onDelete() == null ? "" : " ON DELETE " + foreignKey.onDelete()) + ";",
					"ALTER TABLE " + table + " DROP CONSTRAINT " + Sql.identifier(name) + ";");
		}
	}

	/** The model's explicit name, else PostgreSQL's convention, numbered when taken. */
	private String name(String explicit, String table, List<String> columns, String suffix) {
		if (explicit != null) {
			takenNames.add(explicit);
			return explicit;
		}
		String base = Sql.name(table, columns, suffix);
		String name = base;
		for (int i = 1; takenNames.contains(name); i++) {
			name = base + i;
		}
		takenNames.add(name);
		return name;
	}

	private void requireDefault(Schema.Table table, Schema.Column column) {
		if (!column.nullable() && column.defaultValue() == null && !column.identity()
				&& !table.primaryKey().contains(column.name())) {
			notes.add(table.name() + "." + column.name() + " is NOT NULL without a default: " + "adding it fails while "
					+ table.name() + " has rows (add a DEFAULT or backfill in the script)");
		}
	}

	private static String definition(Schema.Column column) {
		StringBuilder sql = new StringBuilder(SqlTypes.pretty(column.type()));
		if (column.identity()) {
			sql.append(" GENERATED BY DEFAULT AS IDENTITY");
		}
		else if (column.defaultValue() != null) {
			sql.append(" DEFAULT ").append(column.defaultValue());
		}
		if (!column.nullable()) {
			sql.append(" NOT NULL");
		}
		return sql.toString();
	}

	private void add(Step step, String summary, String up, String down) {
		changes.add(new Change(step, summary, List.of(up), List.of(down)));
	}

	private void addKey(boolean newTable, Step step, String summary, String up, String down) {
		changes.add(new Change(step, summary, List.of(up), newTable ? List.of() : List.of(down)));
	}

	public static String describe(Result result) {
		return result.changes().stream().map(Change::summary).collect(Collectors.joining("\n"));
	}

}
