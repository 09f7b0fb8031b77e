package dev.authstack.migration.flyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flywaydb.core.api.MigrationVersion;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import dev.authstack.migration.MigrationException;

/**
 * The {@code V{n}__name.sql} and {@code U{n}__name.sql} scripts in Flyway locations.
 * Flyway runs the V scripts itself; the free edition has no undo, so {@code db downgrade}
 * finds the U scripts here.
 */
public final class MigrationScripts {

	private final List<Script> scripts;

	private MigrationScripts(List<Script> scripts) {
		this.scripts = scripts;
	}

	/** Scans Flyway locations: {@code classpath:dir}, {@code filesystem:/dir}. */
	public static MigrationScripts scan(List<String> locations, ClassLoader classLoader) {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
		Map<String, Script> byName = new LinkedHashMap<>();
		for (String location : locations) {
			String pattern = pattern(location);
			try {
				for (Resource resource : resolver.getResources(pattern)) {
					String name = resource.getFilename();
					Script script = name == null ? null : Script.parse(name, location, resource);
					if (script != null) {
						Script earlier = byName.putIfAbsent(script.prefix() + script.version().getVersion(), script);
						if (earlier != null && !earlier.fileName().equals(script.fileName())) {
							throw new MigrationException("Two " + script.prefix() + " scripts have version "
									+ script.version() + ": " + earlier.fileName() + " (" + earlier.location()
									+ ") and " + script.fileName() + " (" + script.location() + ")");
						}
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot list the scripts in " + location, ex);
			}
		}
		List<Script> sorted = new ArrayList<>(byName.values());
		sorted.sort(Comparator.comparing(Script::version).thenComparing(Script::prefix));
		return new MigrationScripts(List.copyOf(sorted));
	}

	/** Scans one directory, as {@code db revision} sees the directory it writes to. */
	public static MigrationScripts scan(Path directory) {
		return scan(List.of(filesystem(directory)), MigrationScripts.class.getClassLoader());
	}

	public static String filesystem(Path directory) {
		return "filesystem:" + directory.toAbsolutePath().normalize();
	}

	/**
	 * A --location value: a Flyway location as is, a plain path as a filesystem location.
	 */
	public static String location(String value) {
		if (value.startsWith("classpath:") || value.startsWith("filesystem:")) {
			return value;
		}
		Path directory = Path.of(value);
		if (!Files.isDirectory(directory)) {
			throw new MigrationException("--location " + value + ": no such directory");
		}
		return filesystem(directory);
	}

	private static String pattern(String location) {
		if (location.startsWith("classpath:")) {
			return "classpath*:" + trimSlashes(location.substring("classpath:".length())) + "/**/*.sql";
		}
		if (location.startsWith("filesystem:")) {
			Path directory = Path.of(location.substring("filesystem:".length()));
			return directory.toUri().toString().replaceAll("/$", "") + "/**/*.sql";
		}
		throw new MigrationException("Unsupported location " + location + " (use classpath: or filesystem:)");
	}

	private static String trimSlashes(String path) {
		return path.replaceAll("^/+|/+$", "");
	}

	public List<Script> all() {
		return scripts;
	}

	public Optional<Script> upgrade(MigrationVersion version) {
		return find('V', version);
	}

	public Optional<Script> undo(MigrationVersion version) {
		return find('U', version);
	}

	private Optional<Script> find(char prefix, MigrationVersion version) {
		return scripts.stream().filter(s -> s.prefix() == prefix && s.version().equals(version)).findFirst();
	}

	/** The highest version among V and U scripts, or empty. */
	public Optional<MigrationVersion> latest() {
		return scripts.stream().map(Script::version).max(Comparator.naturalOrder());
	}

	/**
	 * One script. Names follow Flyway: prefix, version (underscores stand for dots), two
	 * underscores, description (underscores stand for spaces), ".sql".
	 */
	public record Script(char prefix, MigrationVersion version, String description, String fileName, String location,
			Resource resource) {

		static Script parse(String fileName, String location, Resource resource) {
			if (fileName.length() < 2 || !fileName.endsWith(".sql")) {
				return null;
			}
			char prefix = fileName.charAt(0);
			int separator = fileName.indexOf("__");
			if ((prefix != 'V' && prefix != 'U') || separator < 2) {
				return null;
			}
			String version = fileName.substring(1, separator).replace('_', '.');
			if (!version.matches("\\d+(\\.\\d+)*")) {
				return null;
			}
			String description = fileName.substring(separator + 2, fileName.length() - ".sql".length())
				.replace('_', ' ');
			return new Script(prefix, MigrationVersion.fromVersion(version), description, fileName, location, resource);
		}

		public String content() {
			try {
				return resource.getContentAsString(StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + fileName, ex);
			}
		}

	}

}
