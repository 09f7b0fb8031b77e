package dev.authstack.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The db command line migrates exactly as the service does at start (spring.flyway.*).
 */
class MigrationSettingsTests {

	private final FluentConfiguration cli = MigrationSettings.applyTo(Flyway.configure(),
			MigrationSettings.locations(List.of()));

	private final FlywayProperties service = new FlywayProperties();

	@Test
	void sameSettingsAsSpringBootsDefaults() {
		assertThat(cli.getTable()).isEqualTo(service.getTable());
		assertThat(cli.getBaselineVersion().getVersion()).isEqualTo(service.getBaselineVersion());
		assertThat(cli.getBaselineDescription()).isEqualTo(service.getBaselineDescription());
		assertThat(cli.isBaselineOnMigrate()).isEqualTo(service.isBaselineOnMigrate());
		assertThat(cli.isValidateOnMigrate()).isEqualTo(service.isValidateOnMigrate());
		assertThat(cli.isValidateMigrationNaming()).isEqualTo(service.isValidateMigrationNaming());
		assertThat(cli.isOutOfOrder()).isEqualTo(service.isOutOfOrder());
		assertThat(cli.isMixed()).isEqualTo(service.isMixed());
		assertThat(cli.isGroup()).isEqualTo(service.isGroup());
		assertThat(cli.isCleanDisabled()).isEqualTo(service.isCleanDisabled());
		assertThat(cli.isPlaceholderReplacement()).isEqualTo(service.isPlaceholderReplacement());
		assertThat(cli.getEncoding()).isEqualTo(service.getEncoding());
		assertThat(cli.getSqlMigrationPrefix()).isEqualTo(service.getSqlMigrationPrefix());
		assertThat(cli.getSqlMigrationSeparator()).isEqualTo(service.getSqlMigrationSeparator());
		assertThat(cli.getSqlMigrationSuffixes()).containsExactlyElementsOf(service.getSqlMigrationSuffixes());
		assertThat(cli.getLoggers()).containsExactly(service.getLoggers());
		assertThat(cli.getTable()).isEqualTo(MigrationSettings.TABLE);
	}

	@Test
	void sameLocationsAsApplicationYmlAndNoOtherFlywaySettingThere() throws IOException {
		List<String> flywayKeys = new ArrayList<>();
		String locations = null;
		for (PropertySource<?> document : new YamlPropertySourceLoader().load("application.yml",
				new ClassPathResource("application.yml"))) {
			for (String name : ((EnumerablePropertySource<?>) document).getPropertyNames()) {
				if (name.startsWith("spring.flyway.")) {
					flywayKeys.add(name);
				}
				if (name.equals("spring.flyway.locations")) {
					locations = String.valueOf(document.getProperty(name));
				}
			}
		}
		// a new spring.flyway.* key belongs in MigrationSettings too, so both paths stay
		// alike
		assertThat(flywayKeys)
			.allMatch(key -> key.equals("spring.flyway.enabled") || key.equals("spring.flyway.locations"));
		assertThat(locations).isEqualTo(MigrationSettings.LOCATION);
		assertThat(Arrays.stream(cli.getLocations()).map(Location::getDescriptor)).containsExactly(locations);
		assertThat(new String(new ClassPathResource("application.yml").getContentAsByteArray(), StandardCharsets.UTF_8))
			.contains("enabled: ${AUTH_MIGRATE_ON_START:true}");
	}

}
