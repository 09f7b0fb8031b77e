package dev.authstack.migration.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaDiffTests {

	private static final Schema.Column ID = new Schema.Column("id", "bigint", false, null, true);

	@Test
	void sameTablesNoDifference() {
		Schema.Table accounts = table("accounts", ID, column("username", "character varying(32)", false));
		assertThat(SchemaDiff.compare(schema(accounts), schema(accounts)).empty()).isTrue();
	}

	@Test
	void whatOnlyTheDatabaseHasIsLeftAlone() {
		Schema.Table model = table("accounts", ID, column("username", "character varying(32)", false));
		Schema.Table live = new Schema.Table("accounts", model.columns(), List.of("id"),
				List.of(new Schema.Key("accounts_username_uq", List.of("username"))),
				List.of(new Schema.Key("accounts_username_idx", List.of("username"))),
				List.of(new Schema.ForeignKey("accounts_x_fkey", List.of("id"), "other", List.of("id"), null)));
		SchemaDiff.Result diff = SchemaDiff.compare(schema(model),
				schema(live, table("refresh_tokens", column("token_hash", "text", false))));
		assertThat(diff.empty()).isTrue();
		assertThat(diff.uncompared()).contains("table refresh_tokens (no entity maps it)");
	}

	@Test
	void newKeysAvoidNamesTheDatabaseUses() {
		Schema.Table live = table("accounts", ID, column("username", "character varying(32)", false));
		Schema.Table model = new Schema.Table("accounts", live.columns(), List.of("id"),
				List.of(new Schema.Key(null, List.of("username"))), List.of(), List.of());
		Schema database = new Schema(Map.of("accounts", live), Map.of(), List.of(), Set.of("accounts_username_key"));
		SchemaDiff.Result diff = SchemaDiff.compare(schema(model), database);
		assertThat(diff.upgrade())
			.containsExactly("ALTER TABLE accounts ADD CONSTRAINT accounts_username_key1 UNIQUE (username);");
		assertThat(diff.downgrade()).containsExactly("ALTER TABLE accounts DROP CONSTRAINT accounts_username_key1;");
	}

	@Test
	void changesRunInDependencyOrderAndUndoBackwards() {
		Schema.Table live = table("accounts", ID, column("nick", "character varying(10)", true),
				column("age", "text", true));
		Schema.Table model = table("accounts", ID, column("nick", "character varying(20)", false),
				column("age", "integer", true), column("user", "text", true));
		SchemaDiff.Result diff = SchemaDiff.compare(schema(model), schema(live));
		assertThat(diff.upgrade()).containsExactly("ALTER TABLE accounts ADD COLUMN \"user\" text;",
				"ALTER TABLE accounts ALTER COLUMN nick TYPE varchar(20);",
				"ALTER TABLE accounts ALTER COLUMN age TYPE integer USING age::integer;",
				"ALTER TABLE accounts ALTER COLUMN nick SET NOT NULL;");
		assertThat(diff.downgrade()).containsExactly("ALTER TABLE accounts ALTER COLUMN nick DROP NOT NULL;",
				"ALTER TABLE accounts ALTER COLUMN age TYPE text USING age::text;",
				"ALTER TABLE accounts ALTER COLUMN nick TYPE varchar(10);",
				"ALTER TABLE accounts DROP COLUMN \"user\";");
		assertThat(diff.notes()).anyMatch(note -> note.contains("USING cast"))
			.anyMatch(note -> note.contains("accounts.nick becomes NOT NULL"));
	}

	@Test
	void aDroppedNotNullColumnComesBackWithItsDefault() {
		Schema.Table live = table("accounts", ID,
				new Schema.Column("status", "character varying(16)", false, "'active'::character varying", false));
		SchemaDiff.Result diff = SchemaDiff.compare(schema(table("accounts", ID)), schema(live));
		assertThat(diff.upgrade()).containsExactly("ALTER TABLE accounts DROP COLUMN status;");
		assertThat(diff.downgrade()).containsExactly(
				"ALTER TABLE accounts ADD COLUMN status varchar(16) DEFAULT 'active'::character varying NOT NULL;");
	}

	private static Schema.Column column(String name, String type, boolean nullable) {
		return new Schema.Column(name, SqlTypes.canonical(type), nullable, null, false);
	}

	private static Schema.Table table(String name, Schema.Column... columns) {
		Map<String, Schema.Column> byName = new LinkedHashMap<>();
		for (Schema.Column column : columns) {
			byName.put(column.name(), column);
		}
		return new Schema.Table(name, byName, columns[0] == ID ? List.of("id") : List.of(), List.of(), List.of(),
				List.of());
	}

	private static Schema schema(Schema.Table... tables) {
		Map<String, Schema.Table> byName = new LinkedHashMap<>();
		for (Schema.Table table : tables) {
			byName.put(table.name(), table);
		}
		return new Schema(byName, Map.of(), List.of(), Set.of());
	}

}
