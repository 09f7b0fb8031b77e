package dev.authstack.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.internal.resource.ResourceNameValidator;
import org.flywaydb.core.internal.scanner.Scanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flyway no longer takes the U scripts for misnamed migrations (the "4 SQL migrations
 * were detected but not run" line at every start), and still reports a script that is
 * misnamed.
 */
class UndoScriptsHiddenTests {

	@TempDir
	Path dir;

	@Test
	void flywaySeesTheVersionedScriptsOnly() {
		FluentConfiguration configuration = MigrationSettings.applyTo(Flyway.configure(),
				MigrationSettings.locations(List.of()));
		List<String> names = configuration.getResourceProvider()
			.getResources("", new String[] { ".sql" })
			.stream()
			.map(resource -> resource.getFilename())
			.toList();
		assertThat(names).contains("V1__create_initial_tables.sql").noneMatch(name -> name.startsWith("U"));
		// strict naming passes, where Flyway's own scan fails on the U scripts
		assertThatCode(() -> validate(configuration.getResourceProvider(), configuration)).doesNotThrowAnyException();
		assertThatThrownBy(
				() -> validate(new Scanner<>(JavaMigration.class, configuration, configuration.getLocations()),
						configuration))
			.isInstanceOf(FlywayException.class)
			.hasMessageContaining("U1__create_initial_tables.sql");
	}

	@Test
	void aMisnamedScriptIsStillReported() throws Exception {
		Files.writeString(dir.resolve("V1__fine.sql"), "select 1;");
		Files.writeString(dir.resolve("U1__fine.sql"), "select 1;");
		Files.writeString(dir.resolve("v2-typo.sql"), "select 1;");
		FluentConfiguration configuration = UndoScriptsHidden
			.applyTo(Flyway.configure().locations("filesystem:" + dir));
		assertThatThrownBy(() -> validate(configuration.getResourceProvider(), configuration))
			.hasMessageContaining("v2-typo.sql")
			.hasMessageNotContaining("U1__fine.sql");
	}

	private static void validate(org.flywaydb.core.api.ResourceProvider provider, FluentConfiguration configuration) {
		configuration.validateMigrationNaming(true);
		try {
			new ResourceNameValidator().validateSQLMigrationNaming(provider, configuration, null);
		}
		finally {
			configuration.validateMigrationNaming(false);
		}
	}

}
