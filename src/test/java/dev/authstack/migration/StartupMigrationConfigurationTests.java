package dev.authstack.migration;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * AUTH_MIGRATE_ON_START (spring.flyway.enabled) of the run decides: an AOT-processed jar
 * keeps Spring Boot's Flyway beans as the build saw them, so the strategy checks the
 * value again.
 */
class StartupMigrationConfigurationTests {

	@Test
	void migratesByDefaultAndWhenEnabled() {
		for (MockEnvironment environment : new MockEnvironment[] { new MockEnvironment(),
				new MockEnvironment().withProperty("spring.flyway.enabled", "true") }) {
			Flyway flyway = mock(Flyway.class);
			new StartupMigrationConfiguration().migrateWhenEnabled(environment).migrate(flyway);
			verify(flyway).migrate();
		}
	}

	@Test
	void leavesTheDatabaseAloneWhenDisabled() {
		Flyway flyway = mock(Flyway.class);
		new StartupMigrationConfiguration()
			.migrateWhenEnabled(new MockEnvironment().withProperty("spring.flyway.enabled", "false"))
			.migrate(flyway);
		verify(flyway, never()).migrate();
	}

}
