package dev.authstack.migration;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The service's own start-up migration (Spring Boot's Flyway) sees the scripts as the db
 * command line does.
 */
@Configuration(proxyBeanMethods = false)
class StartupMigrationConfiguration {

	@Bean
	FlywayConfigurationCustomizer undoScriptsHidden() {
		return UndoScriptsHidden::applyTo;
	}

	/**
	 * Migrates only when {@code spring.flyway.enabled} (AUTH_MIGRATE_ON_START) is true
	 * for this run. Without AOT its condition already leaves Flyway out; an AOT-processed
	 * build decided that condition once, at build time, and would otherwise migrate where
	 * the image says not to.
	 */
	@Bean
	FlywayMigrationStrategy migrateWhenEnabled(Environment environment) {
		return flyway -> {
			if (Binder.get(environment).bind("spring.flyway.enabled", Boolean.class).orElse(true)) {
				flyway.migrate();
			}
		};
	}

}
