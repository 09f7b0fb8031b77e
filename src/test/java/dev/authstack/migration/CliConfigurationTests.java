package dev.authstack.migration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.authstack.database.DatabaseProperties;
import dev.authstack.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The {@code db} command line and the service read one configuration: for each database
 * setting of the README, given directly and as {@code X_FILE}, the CLI's binding equals
 * what a real SpringApplication (its environment preparation, post-processors and
 * {@code @ConfigurationProperties} binding) makes of the same process environment; and
 * mistakes are told the same way.
 */
@ExtendWith(OutputCaptureExtension.class)
class CliConfigurationTests {

	@TempDir
	Path dir;

	static Stream<Arguments> settings() {
		return Stream.of(
				setting("AUTH_DB_URL", "jdbc:postgresql://pg1:5432,pg2:5432/auth?targetServerType=primary",
						DatabaseProperties::url, "jdbc:postgresql://pg1:5432,pg2:5432/auth?targetServerType=primary"),
				setting("AUTH_DB_USERNAME", "auth_app", DatabaseProperties::username, "auth_app"),
				setting("AUTH_DB_PASSWORD", "not-a-real-one", DatabaseProperties::password, "not-a-real-one"),
				setting("AUTH_DB_POOLSIZE", "4", DatabaseProperties::poolSize, 4),
				setting("AUTH_DB_CONNECTIONTIMEOUT", "750ms", DatabaseProperties::connectionTimeout,
						Duration.ofMillis(750)),
				setting("AUTH_DB_HOSTCONNECTTIMEOUT", "7s", DatabaseProperties::hostConnectTimeout,
						Duration.ofSeconds(7)),
				setting("AUTH_DB_SOCKETTIMEOUT", "2m", DatabaseProperties::socketTimeout, Duration.ofMinutes(2)),
				setting("AUTH_DB_HOSTRECHECK", "9s", DatabaseProperties::hostRecheck, Duration.ofSeconds(9)),
				setting("AUTH_DB_WAIT_SECONDS", "5", DatabaseProperties::connectWait, Duration.ofSeconds(5)),
				setting("AUTH_DB_WAIT_SECONDS", "", DatabaseProperties::connectWait, Duration.ofSeconds(60)),
				setting("AUTH_DB_EMBEDDEDPORT", "15432", DatabaseProperties::embeddedPort, 15432),
				setting("AUTH_DB_ALLOWEMBEDDED", "false", DatabaseProperties::allowEmbedded, false),
				setting("AUTH_DATA_DIR", "/var/lib/auth", DatabaseProperties::dataDir, Path.of("/var/lib/auth")),
				setting("SPRING_PROFILES_ACTIVE", "prod", DatabaseProperties::allowEmbedded, false),
				setting("SPRING_PROFILES_ACTIVE", "json-logs, prod", DatabaseProperties::allowEmbedded, false),
				setting("SPRING_PROFILES_ACTIVE", "stage", DatabaseProperties::allowEmbedded, true));
	}

	private static Arguments setting(String variable, String value, Function<DatabaseProperties, Object> read,
			Object expected) {
		return Arguments.of(variable, value, read, expected);
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("settings")
	void theCommandLineSeesWhatTheServiceSees(String variable, String value, Function<DatabaseProperties, Object> read,
			Object expected) {
		Map<String, String> env = Map.of(variable, value);
		DatabaseProperties cli = TargetDatabase.properties(env);
		assertThat(read.apply(cli)).isEqualTo(expected);
		assertThat(cli).isEqualTo(service(env));
	}

	@ParameterizedTest(name = "{0}_FILE")
	@MethodSource("settings")
	void andTheSameFromAFile(String variable, String value, Function<DatabaseProperties, Object> read, Object expected)
			throws IOException {
		Path file = Files.writeString(dir.resolve(variable), value + "\n");
		Map<String, String> env = Map.of(variable + "_FILE", file.toString());
		DatabaseProperties cli = TargetDatabase.properties(env);
		assertThat(read.apply(cli)).isEqualTo(expected);
		assertThat(cli).isEqualTo(service(env));
	}

	@Test
	void withNothingSetBothHaveTheDefaults() {
		assertThat(TargetDatabase.properties(Map.of())).isEqualTo(service(Map.of()));
	}

	@Test
	void bothAVariableAndItsFileIsTheSameErrorAsTheServices() throws IOException {
		Path file = Files.writeString(dir.resolve("password"), "from-the-file");
		Map<String, String> env = Map.of("AUTH_DB_PASSWORD", "given-directly", "AUTH_DB_PASSWORD_FILE",
				file.toString());
		sameError(env);

		Cli cli = cli(env);
		assertThat(cli.status()).isEqualTo(MigrationCli.ERROR);
		assertThat(cli.err()).contains("Both AUTH_DB_PASSWORD and AUTH_DB_PASSWORD_FILE are set.", "Set only one")
			.doesNotContain("given-directly")
			.doesNotContain("from-the-file");
	}

	@Test
	void anUnreadableFileIsTheSameErrorAsTheServices() {
		Map<String, String> env = Map.of("AUTH_DB_PASSWORD_FILE", dir.resolve("missing").toString());
		sameError(env);

		Cli cli = cli(env);
		assertThat(cli.status()).isEqualTo(MigrationCli.ERROR);
		assertThat(cli.err()).contains("Cannot read " + dir.resolve("missing"), "AUTH_DB_PASSWORD_FILE",
				"there is no such file");
		assertThat(cli.err().lines()).hasSize(1);
	}

	@Test
	void aBadDurationNamesTheVariableAsTheServicesStartupBoxDoes(CapturedOutput output) {
		Map<String, String> env = Map.of("AUTH_DB_CONNECTIONTIMEOUT", "soon");
		InvalidConfigurationException cli = catchThrowableOfType(env);
		assertThat(cli.getMessage()).startsWith("AUTH_DB_CONNECTIONTIMEOUT is \"soon\", which is not a duration");

		assertThat(catchThrowable(() -> service(env))).isNotNull();
		assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
			.contains(cli.getMessage())
			.contains(cli.action());

		Cli run = cli(env);
		assertThat(run.status()).as("a configuration mistake, as before").isEqualTo(MigrationCli.ERROR);
		assertThat(run.err()).startsWith("db current: error: AUTH_DB_CONNECTIONTIMEOUT is \"soon\"")
			.contains("Set AUTH_DB_CONNECTIONTIMEOUT to a duration")
			.doesNotContain("Exception")
			.doesNotContain("\tat ");
	}

	@Test
	void aBadWaitNamesTheEntrypointsVariable() {
		Cli run = cli(Map.of("AUTH_DB_WAIT_SECONDS", "a minute"));
		assertThat(run.status()).isEqualTo(MigrationCli.ERROR);
		assertThat(run.err())
			.startsWith("db current: error: AUTH_DB_WAIT_SECONDS is \"a minute\", which is not a duration");
	}

	@Test
	void theWaitBecomesFlywaysConnectRetries() {
		assertThat(MigrationSettings.connectRetries(Duration.ZERO)).isZero();
		assertThat(MigrationSettings.connectRetries(Duration.ofSeconds(1))).isEqualTo(1);
		// 1 s + 2 s
		assertThat(MigrationSettings.connectRetries(Duration.ofSeconds(2))).isEqualTo(2);
		// 1 + 2 + 4
		assertThat(MigrationSettings.connectRetries(Duration.ofSeconds(7))).isEqualTo(3);
		// 1 + 2 + 4, then every 5 s: 11 more pauses reach 62 s
		assertThat(MigrationSettings.connectRetries(Duration.ofSeconds(60))).isEqualTo(14);
	}

	private void sameError(Map<String, String> env) {
		InvalidConfigurationException cli = catchThrowableOfType(env);
		assertThat(catchThrowable(() -> service(env))).isInstanceOfSatisfying(InvalidConfigurationException.class,
				service -> {
					assertThat(cli.getMessage()).isEqualTo(service.getMessage());
					assertThat(cli.action()).isEqualTo(service.action());
				});
	}

	private static InvalidConfigurationException catchThrowableOfType(Map<String, String> env) {
		Throwable thrown = catchThrowable(() -> TargetDatabase.properties(env));
		assertThat(thrown).isInstanceOf(InvalidConfigurationException.class);
		return (InvalidConfigurationException) thrown;
	}

	/**
	 * The service's binding: a SpringApplication whose process environment is
	 * {@code env}.
	 */
	private static DatabaseProperties service(Map<String, String> env) {
		SpringApplication application = new SpringApplication(DatabaseOnly.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setRegisterShutdownHook(false);
		application.setEnvironment(new ProcessEnvironment(env));
		try (ConfigurableApplicationContext context = application.run()) {
			return context.getBean(DatabaseProperties.class);
		}
	}

	private record Cli(int status, String err) {
	}

	private static Cli cli(Map<String, String> env) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = MigrationCli.run(new String[] { "current" }, env, new PrintStream(new ByteArrayOutputStream()),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Cli(status, err.toString(StandardCharsets.UTF_8));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DatabaseProperties.class)
	static class DatabaseOnly {

	}

	/**
	 * What System.getenv() would be for the service: {@code env}, and nothing of the
	 * build's.
	 */
	static final class ProcessEnvironment extends StandardEnvironment {

		private Map<String, Object> variables;

		ProcessEnvironment(Map<String, String> env) {
			variables = new LinkedHashMap<>(env);
			getPropertySources().replace(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		}

		@Override
		public Map<String, Object> getSystemEnvironment() {
			return variables != null ? variables : new HashMap<>();
		}

	}

}
