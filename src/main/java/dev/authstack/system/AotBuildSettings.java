package dev.authstack.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * The settings a Spring AOT build decided with, so that a start from its generated code
 * can tell whether it would run the context the configuration asks for.
 * <p>
 * Spring AOT refreshes the context once at build time and keeps what its conditions
 * decided: a {@code @ConditionalOnProperty} of Spring Boot's own auto-configuration
 * (management port, springdoc, health indicators, ...) is not asked again when the jar
 * starts with {@code -Dspring.aot.enabled=true}. So the build records every setting read
 * while its context was refreshed ({@link Recorder}, a first property source that answers
 * nothing and notes each name asked), with a digest of its value then
 * ({@link #RESOURCE}); a start from the generated code compares them with its own
 * environment and, at the first difference, starts the classic way instead
 * ({@link AotStartGuard}). A difference only costs start-up time, never a wrong context.
 * <p>
 * Our own settings ({@code auth.*}) are not recorded: no condition reads them (our
 * runtime choices are bean registrars, which run at every start, AOT or not), so a value
 * that differs from the build's is what every deployment has.
 */
public final class AotBuildSettings {

	/** Where the build writes them, in the jar. */
	public static final String RESOURCE = "META-INF/authstack/aot-build-settings.properties";

	/** Recorded names starting with these are read at every start, AOT or not. */
	static final List<String> RUNTIME_PREFIXES = List.of("auth.");

	/**
	 * Recorded names that decide nothing frozen: facts of the process that Spring Boot
	 * adds to the environment.
	 */
	static final Set<String> RUNTIME_NAMES = Set.of("spring.application.pid", "spring.application.version");

	/**
	 * Compared by what they decide, not by value: the management port is the server's,
	 * another one, or off ({@link ManagementPortType}); the numbers themselves are read
	 * at every start.
	 */
	static final Set<String> PORTS = Set.of("server.port", "management.server.port");

	/**
	 * Spring Boot's Flyway stays in the generated code when the build had it on, and
	 * {@code StartupMigrationConfiguration} asks this setting again at each start: only a
	 * build with it off is fixed by it.
	 */
	static final String MIGRATE_ON_START = "spring.flyway.enabled";

	private static final String PORT_TYPE = "management.server.port-type";

	/**
	 * A placeholder's variable ({@code SERVER_PORT} of {@code ${SERVER_PORT:8080}}):
	 * asked while resolving a setting that is itself recorded, or excluded above.
	 */
	private static final Pattern PLACEHOLDER_VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

	private static final String ABSENT = "-";

	private final Map<String, String> digests;

	private AotBuildSettings(Map<String, String> digests) {
		this.digests = digests;
	}

	/** The settings the build recorded, or null for a jar built without them. */
	static AotBuildSettings load(ClassLoader classLoader) {
		try (InputStream in = classLoader.getResourceAsStream(RESOURCE)) {
			return (in != null) ? parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)) : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + RESOURCE, ex);
		}
	}

	/** The resource's content, as {@link #write} made it. */
	static AotBuildSettings parse(String content) {
		Properties properties = new Properties();
		try {
			properties.load(new StringReader(content));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, String> digests = new TreeMap<>();
		properties.stringPropertyNames().forEach((name) -> digests.put(name, properties.getProperty(name)));
		return new AotBuildSettings(digests);
	}

	/**
	 * What {@code recorded} names have in {@code environment}, as the resource holds it.
	 */
	static String write(Set<String> recorded, ConfigurableEnvironment environment) {
		Map<String, String> digests = new TreeMap<>();
		for (String name : recorded) {
			if (RUNTIME_PREFIXES.stream().anyMatch(name::startsWith) || RUNTIME_NAMES.contains(name)
					|| PLACEHOLDER_VARIABLE.matcher(name).matches()) {
				continue;
			}
			if (PORTS.contains(name)) {
				digests.put(PORT_TYPE, portType(environment));
			}
			else if (!(name.equals(MIGRATE_ON_START) && "true".equals(environment.getProperty(name)))) {
				digests.put(name, digest(environment.getProperty(name)));
			}
		}
		StringBuilder out = new StringBuilder(
				"# settings Spring AOT's build-time context read, with a digest of their value then\n"
						+ "# (dev.authstack.system.AotBuildSettings)\n");
		digests.forEach((name, digest) -> out.append(escape(name)).append('=').append(digest).append('\n'));
		return out.toString();
	}

	/** The recorded names whose value in {@code environment} is not the build's. */
	List<String> differences(ConfigurableEnvironment environment) {
		List<String> differ = new ArrayList<>();
		digests.forEach((name, digest) -> {
			String now = name.equals(PORT_TYPE) ? portType(environment) : digest(environment.getProperty(name));
			if (!digest.equals(now)) {
				differ.add(name.equals(PORT_TYPE) ? String.join(" and ", new TreeSet<>(PORTS)) : name);
			}
		});
		return differ;
	}

	private static String portType(ConfigurableEnvironment environment) {
		return ManagementPortType.get(environment).name();
	}

	int size() {
		return digests.size();
	}

	/**
	 * A digest, not the value: the build's environment may hold secrets, and the jar must
	 * not carry them.
	 */
	static String digest(String value) {
		if (value == null) {
			return ABSENT;
		}
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String escape(String name) {
		StringBuilder escaped = new StringBuilder();
		for (char c : name.toCharArray()) {
			if (c == '=' || c == ':' || c == '\\' || c == '#' || c == '!' || Character.isWhitespace(c)) {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	/**
	 * The first property source of a build-time context: never has a value, remembers
	 * every name asked. Not enumerable, so Spring Boot's binder asks it by name too.
	 */
	static final class Recorder extends PropertySource<Object> {

		static final String NAME = "authstackAotBuildRecorder";

		private static final String OUR_CODE = "dev.authstack.";

		private final Set<String> names = ConcurrentHashMap.newKeySet();

		Recorder() {
			super(NAME, new Object());
		}

		@Override
		public Object getProperty(String name) {
			record(name);
			return null;
		}

		@Override
		public boolean containsProperty(String name) {
			record(name);
			return false;
		}

		/**
		 * Not what our own code asks: it has no conditions, and what runs in the build's
		 * refresh (bean registrars, the start-up checks) runs at every start.
		 */
		private void record(String name) {
			boolean ours = StackWalker.getInstance()
				.walk((frames) -> frames.map(StackWalker.StackFrame::getClassName)
					.filter((type) -> !type.startsWith(AotBuildSettings.class.getName()))
					.anyMatch((type) -> type.startsWith(OUR_CODE)));
			if (!ours) {
				names.add(name);
			}
		}

		Set<String> names() {
			return Set.copyOf(names);
		}

	}

}
