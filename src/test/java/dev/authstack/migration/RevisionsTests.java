package dev.authstack.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevisionsTests {

	@Test
	void messagesBecomeSnakeCaseNames() {
		assertThat(Revisions.slug("add things")).isEqualTo("add_things");
		assertThat(Revisions.slug("  Add  last_login, & MFA!  ")).isEqualTo("add_last_login_mfa");
		assertThatThrownBy(() -> Revisions.slug("!!!")).hasMessageContaining("letter or digit");
	}

	@Test
	void theNextVersionFollowsTheHighestMajor() {
		assertThat(Revisions.next(List.of())).isEqualTo(1);
		assertThat(Revisions.next(List.of(MigrationVersion.fromVersion("3"), MigrationVersion.fromVersion("10"),
				MigrationVersion.fromVersion("4.2"))))
			.isEqualTo(11);
	}

	@Test
	void writesBothScriptsAndNeverOverwrites(@TempDir Path dir) throws IOException {
		List<Path> files = Revisions.write(dir, 4, "add_things", "-- up\n", "-- down\n");
		assertThat(files).containsExactly(dir.resolve("V4__add_things.sql"), dir.resolve("U4__add_things.sql"));
		assertThat(Files.readString(files.get(1))).isEqualTo("-- down\n");
		assertThatThrownBy(() -> Revisions.write(dir, 4, "other_name", "x", "y"))
			.hasMessageContaining("Refusing to overwrite");
		assertThat(dir.resolve("V4__other_name.sql")).doesNotExist();
	}

	@Test
	void findsTheCheckoutsMigrationDirectoryFromBelow(@TempDir Path dir) throws IOException {
		Path migrations = Files.createDirectories(dir.resolve("src/main/resources/db/migration"));
		Path below = Files.createDirectories(dir.resolve("docs/deep"));
		assertThat(Revisions.defaultDirectory(below)).isEqualTo(migrations);
	}

}
