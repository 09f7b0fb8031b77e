package dev.authstack.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Any secret {@code X} of ours (AUTH_*, SPRING_*, SERVER_*, MANAGEMENT_*) may be given as
 * {@code X_FILE}, the path of a file holding it (Docker and Kubernetes secrets). The
 * file's content, less a trailing newline, becomes {@code X}. Setting both is an error,
 * so nobody wonders which one won. The one implementation of the rule: the {@code db}
 * command line gets it through {@link ServiceEnvironment}, the container's entrypoint has
 * none of its own.
 * <p>
 * Runs before the config data (application.yml) is loaded, so that
 * {@code SPRING_PROFILES_ACTIVE_FILE} and the like take part in choosing profiles.
 */
public class SecretFilesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Before {@link ConfigDataEnvironmentPostProcessor#ORDER}, after the environment's
	 * own sources are in place.
	 */
	static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER - 5;

	/**
	 * Variables whose name ends in _FILE but whose value is itself the path the app
	 * wants.
	 */
	static final Set<String> PATH_VARIABLES = Set.of("AUTH_JWT_SIGNING_KEY_FILE");

	/**
	 * Only our own settings: other programs' *_FILE variables (TF_CLI_CONFIG_FILE, ...)
	 * are theirs.
	 */
	static final List<String> PREFIXES = List.of("AUTH_", "SPRING_", "SERVER_", "MANAGEMENT_");

	/**
	 * Named as Spring Boot names environment variables' sources, so relaxed binding reads
	 * them the same way: AUTH_DB_POOLSIZE_FILE sets auth.db.pool-size as AUTH_DB_POOLSIZE
	 * does, not only the variables application.yml names in a placeholder.
	 */
	static final String SOURCE_NAME = "secretFiles-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> resolved = resolve(environment.getSystemEnvironment());
		if (!resolved.isEmpty()) {
			environment.getPropertySources()
				.addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(SOURCE_NAME, resolved));
		}
	}

	/** The values of the {@code X_FILE} variables in {@code env}, keyed by {@code X}. */
	static Map<String, Object> resolve(Map<String, ?> env) {
		Map<String, Object> resolved = new LinkedHashMap<>();
		for (Map.Entry<String, ?> entry : env.entrySet()) {
			String name = entry.getKey();
			if (!name.endsWith("_FILE") || PATH_VARIABLES.contains(name)
					|| PREFIXES.stream().noneMatch(name::startsWith)) {
				continue;
			}
			String target = name.substring(0, name.length() - "_FILE".length());
			if (env.containsKey(target)) {
				throw new InvalidConfigurationException("Both " + target + " and " + name + " are set.",
						"Set only one of them: unset " + target + " to read the value from the file " + name
								+ " names, or unset " + name + ".");
			}
			resolved.put(target, read(name, String.valueOf(entry.getValue())));
		}
		return resolved;
	}

	private static String read(String variable, String path) {
		try {
			String value = Files.readString(Path.of(path), StandardCharsets.UTF_8);
			return value.replaceFirst("\\r?\\n\\z", "");
		}
		catch (IOException ex) {
			String why = ex instanceof java.nio.file.NoSuchFileException ? "there is no such file"
					: ex instanceof java.nio.file.AccessDeniedException ? "permission denied"
							: String.valueOf(ex.getMessage());
			throw new InvalidConfigurationException(
					"Cannot read " + path + ", the file " + variable + " names: " + why + ".",
					"Point " + variable + " at a readable file holding the value, or unset it.", ex);
		}
	}

}
