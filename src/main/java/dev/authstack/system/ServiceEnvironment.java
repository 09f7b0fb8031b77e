package dev.authstack.system;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.support.SystemEnvironmentPropertySourceEnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The configuration the service would see, built without starting it, for the {@code db}
 * command line: the given variables as the process environment, JVM system properties,
 * application.yml with the documents of the active profiles (Spring Boot's own config
 * data loading, so {@code spring.config.activate.on-profile},
 * {@code application-<profile>.yml} and {@code spring.profiles.default} work as in the
 * service), and the {@code *_FILE} secrets by the service's one rule
 * ({@link SecretFilesEnvironmentPostProcessor}), applied in the service's order.
 */
public final class ServiceEnvironment {

	private ServiceEnvironment() {
	}

	/**
	 * The environment of a service started with {@code variables} as its process
	 * environment.
	 */
	public static ConfigurableEnvironment of(Map<String, String> variables) {
		ConfigurableEnvironment environment = new VariablesEnvironment(variables);
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment.getSystemEnvironment()));
		SpringApplication application = new SpringApplication();
		ConfigurationPropertySources.attach(environment);
		// what SpringApplication's environment preparation runs for our settings, in its
		// order
		new SystemEnvironmentPropertySourceEnvironmentPostProcessor().postProcessEnvironment(environment, application);
		new SecretFilesEnvironmentPostProcessor().postProcessEnvironment(environment, application);
		ConfigDataEnvironmentPostProcessor.applyTo(environment);
		return environment;
	}

	/**
	 * The settings under {@code prefix} as the service binds them (defaults included, no
	 * validation). A value of the wrong kind ({@code AUTH_DB_CONNECTIONTIMEOUT=soon}) is
	 * an {@link InvalidConfigurationException} naming the variable, as the service's
	 * start-up box does.
	 */
	public static <T> T bind(ConfigurableEnvironment environment, String prefix, Class<T> type) {
		try {
			return Binder.get(environment).bindOrCreate(prefix, type);
		}
		catch (BindException ex) {
			FailureAnalysis analysis = new PropertyFailureAnalyzer(environment).analyze(ex);
			if (analysis == null) {
				throw ex;
			}
			throw new InvalidConfigurationException(analysis.getDescription(), analysis.getAction(), ex);
		}
	}

	/**
	 * A StandardEnvironment whose process environment is the given map, not
	 * System.getenv().
	 */
	private static final class VariablesEnvironment extends StandardEnvironment {

		// set after StandardEnvironment's constructor has read getSystemEnvironment()
		// once (an empty map then); the source it made is replaced in of()
		private Map<String, Object> variables;

		VariablesEnvironment(Map<String, String> variables) {
			this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
		}

		@Override
		public Map<String, Object> getSystemEnvironment() {
			return variables == null ? Map.of() : variables;
		}

	}

}
