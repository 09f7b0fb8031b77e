package dev.authstack.migration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The Flyway settings the {@code db} command line shares with the service's own start-up
 * migration (Spring Boot's {@code spring.flyway.*} defaults plus
 * {@code application.yml}'s locations); {@code MigrationSettingsTests} keeps the two in
 * step.
 */
final class MigrationSettings {

	/** Where the scripts live in the jar ({@code spring.flyway.locations}). */
	static final String LOCATION = "classpath:db/migration";

	/** The scripts' directory in a checkout, where {@code db revision} writes. */
	static final String SOURCE_DIRECTORY = "src/main/resources/db/migration";

	/** Flyway's history table; {@code db downgrade} and {@code db stamp} edit it too. */
	static final String TABLE = "flyway_schema_history";

	static final String BASELINE_VERSION = "1";

	static final String BASELINE_DESCRIPTION = "<< Flyway Baseline >>";

	/**
	 * The longest pause between two connection attempts while waiting for the database.
	 */
	static final int CONNECT_RETRIES_INTERVAL = 5;

	private MigrationSettings() {
	}

	/**
	 * Flyway's connect retries for waiting about {@code wait} in all (the CLI's own
	 * setting; the service does not wait). Flyway pauses 1 s, 2 s, 4 s, ... up to the
	 * interval between tries.
	 */
	static FluentConfiguration waitFor(FluentConfiguration configuration, Duration wait) {
		return configuration.connectRetries(connectRetries(wait)).connectRetriesInterval(CONNECT_RETRIES_INTERVAL);
	}

	static int connectRetries(Duration wait) {
		long left = wait.toSeconds();
		int retries = 0;
		for (int pause = 1; left > 0; pause = Math.min(pause * 2, CONNECT_RETRIES_INTERVAL)) {
			retries++;
			left -= pause;
		}
		return retries;
	}

	/** The scripts in the jar first, then the extra locations given with --location. */
	static List<String> locations(List<String> extra) {
		List<String> locations = new ArrayList<>();
		locations.add(LOCATION);
		locations.addAll(extra);
		return locations;
	}

	static FluentConfiguration applyTo(FluentConfiguration configuration, List<String> locations) {
		return UndoScriptsHidden.applyTo(settings(configuration, locations));
	}

	private static FluentConfiguration settings(FluentConfiguration configuration, List<String> locations) {
		return configuration.locations(locations.toArray(String[]::new))
			.table(TABLE)
			.baselineVersion(BASELINE_VERSION)
			.baselineDescription(BASELINE_DESCRIPTION)
			.baselineOnMigrate(false)
			.validateOnMigrate(true)
			.validateMigrationNaming(false)
			.outOfOrder(false)
			.mixed(false)
			.group(false)
			.cleanDisabled(true)
			.placeholderReplacement(true)
			.encoding(StandardCharsets.UTF_8)
			.sqlMigrationPrefix("V")
			.sqlMigrationSeparator("__")
			.sqlMigrationSuffixes(".sql")
			.loggers("slf4j");
	}

}
