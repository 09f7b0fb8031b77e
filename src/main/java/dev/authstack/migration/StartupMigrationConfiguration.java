package dev.authstack.migration;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's own start-up migration (Spring Boot's Flyway) sees the scripts as the db command line does. */
@Configuration(proxyBeanMethods = false)
class StartupMigrationConfiguration {

	@Bean
	FlywayConfigurationCustomizer undoScriptsHidden() {
		return UndoScriptsHidden::applyTo;
	}

}
