package dev.authstack.migration.schema;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.authstack.migration.MigrationCli;

import static org.assertj.core.api.Assertions.assertThat;

/** The application's entities as the comparison sees them, without a database. */
class EntityModelTests {

	private final Schema model = EntityModel.schema(EntityModel.classes(List.of(), getClass().getClassLoader()), 14);

	@Test
	void mapsAccountsAsTheServiceNamesThem() {
		Schema.Table accounts = model.tables().get("accounts");
		assertThat(accounts.primaryKey()).containsExactly("id");
		assertThat(accounts.columns().get("id").identity()).isTrue();
		assertThat(accounts.columns().get("username"))
			.isEqualTo(new Schema.Column("username", "character varying(32)", false, null, false));
		assertThat(accounts.columns().get("email_verified").type()).isEqualTo("boolean");
		assertThat(accounts.columns().get("insert_time").type()).isEqualTo("timestamp with time zone");
		assertThat(accounts.columns().get("country").nullable()).isTrue();
	}

	@Test
	void onlyTheApplicationsOwnEntitiesByDefault() {
		assertThat(EntityModel.classes(List.of(), getClass().getClassLoader()))
			.allMatch(type -> type.getProtectionDomain()
				.getCodeSource()
				.equals(MigrationCli.class.getProtectionDomain().getCodeSource()));
	}

}
