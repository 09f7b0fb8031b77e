package dev.authstack.system;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the build records of the settings its AOT context read, and which later values
 * count as a difference.
 */
class AotBuildSettingsTests {

	private static final Set<String> READ = Set.of("springdoc.api-docs.enabled", "server.port",
			"management.server.port", "spring.flyway.enabled", "auth.redis.url", "spring.application.pid",
			"SERVER_PORT", "spring.datasource.url", "spring.datasource.password");

	private static final Map<String, Object> BUILD = Map.of("springdoc.api-docs.enabled", "true", "server.port", "8080",
			"management.server.port", "8081", "spring.flyway.enabled", "true", "spring.application.pid", "4711",
			"spring.datasource.password", "build-secret");

	@Test
	void theSameSettingsDifferInNothing() {
		assertThat(recorded(BUILD).differences(environment(BUILD))).isEmpty();
	}

	@Test
	void aSwitchTheBuildReadIsADifference() {
		assertThat(recorded(BUILD).differences(environment(with("springdoc.api-docs.enabled", "false"))))
			.containsExactly("springdoc.api-docs.enabled");
		assertThat(recorded(BUILD).differences(environment(with("spring.datasource.url", "jdbc:postgresql://db/x"))))
			.containsExactly("spring.datasource.url");
	}

	@Test
	void portsCountByWhatTheyDecide() {
		Map<String, Object> otherPorts = with("server.port", "18080");
		otherPorts.put("management.server.port", "18081");
		assertThat(recorded(BUILD).differences(environment(otherPorts))).isEmpty();
		assertThat(recorded(BUILD).differences(environment(with("management.server.port", "-1"))))
			.containsExactly("management.server.port and server.port");
		assertThat(recorded(BUILD).differences(environment(with("management.server.port", "8080"))))
			.containsExactly("management.server.port and server.port");
	}

	@Test
	void oursTheProcesssFactsAndPlaceholderVariablesAreNotRecorded() {
		String written = AotBuildSettings.write(READ, environment(BUILD));
		assertThat(written).doesNotContain("auth.redis.url", "spring.application.pid", "SERVER_PORT")
			.contains("springdoc.api-docs.enabled=", "management.server.port-type=DIFFERENT");
		Map<String, Object> later = with("auth.redis.url", "redis://cache:6379");
		later.put("spring.application.pid", "815");
		assertThat(AotBuildSettings.parse(written).differences(environment(later))).isEmpty();
	}

	@Test
	void migrationOnStartIsFixedOnlyByABuildWithItOff() {
		assertThat(recorded(BUILD).differences(environment(with("spring.flyway.enabled", "false")))).isEmpty();
		Map<String, Object> off = with("spring.flyway.enabled", "false");
		assertThat(recorded(off).differences(environment(BUILD))).containsExactly("spring.flyway.enabled");
	}

	@Test
	void theJarCarriesDigestsNotValues() {
		String written = AotBuildSettings.write(READ, environment(BUILD));
		assertThat(written).doesNotContain("build-secret")
			.contains("spring.datasource.password=" + AotBuildSettings.digest("build-secret"))
			.contains("spring.datasource.url=-");
	}

	private static AotBuildSettings recorded(Map<String, Object> build) {
		return AotBuildSettings.parse(AotBuildSettings.write(READ, environment(build)));
	}

	private static Map<String, Object> with(String name, String value) {
		Map<String, Object> settings = new HashMap<>(BUILD);
		settings.put(name, value);
		return settings;
	}

	private static ConfigurableEnvironment environment(Map<String, Object> settings) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().addFirst(new MapPropertySource("settings", settings));
		return environment;
	}

}
