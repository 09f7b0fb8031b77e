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
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Any secret {@code X} of ours (AUTH_*, SPRING_*, SERVER_*, MANAGEMENT_*) may be given as {@code X_FILE}, the path of a file holding it (Docker and
 * Kubernetes secrets). The file's content, less a trailing newline, becomes {@code X}. Setting
 * both is an error, so nobody wonders which one won.
 */
public class SecretFilesEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** Variables whose name ends in _FILE but whose value is itself the path the app wants. */
	static final Set<String> PATH_VARIABLES = Set.of("AUTH_JWT_SIGNING_KEY_FILE");

	/** Only our own settings: other programs' *_FILE variables (TF_CLI_CONFIG_FILE, ...) are theirs. */
	static final List<String> PREFIXES = List.of("AUTH_", "SPRING_", "SERVER_", "MANAGEMENT_");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> resolved = resolve(environment.getSystemEnvironment());
		if (!resolved.isEmpty()) {
			environment.getPropertySources()
				.addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new MapPropertySource("secretFiles", resolved));
		}
	}

	/**
	 * The values of the {@code X_FILE} variables in {@code env}, keyed by {@code X}. Public for the
	 * {@code db} command line, which reads the environment without a Spring context.
	 */
	public static Map<String, Object> resolve(Map<String, ?> env) {
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
