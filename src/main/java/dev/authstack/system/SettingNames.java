package dev.authstack.system;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.env.Environment;

/**
 * The environment variable a person sets for a property, for messages: the one that held
 * the value, else the one application.yml reads it from ({@code server.port:
 * ${SERVER_PORT:8080}}), else the relaxed-binding name ({@code auth.lockout.max-failures}
 * → {@code AUTH_LOCKOUT_MAXFAILURES}).
 */
final class SettingNames {

	private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}$");

	private static final Pattern SECRET = Pattern.compile("password|secret|token|credential|private|key",
			Pattern.CASE_INSENSITIVE);

	private SettingNames() {
	}

	static String variable(Environment environment, String property, Origin origin) {
		for (Origin at = origin; at != null; at = at.getParent()) {
			if (at instanceof SystemEnvironmentOrigin env) {
				return env.getProperty();
			}
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.adapt(property, '.');
		if (environment instanceof org.springframework.core.env.ConfigurableEnvironment configurable) {
			for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
				ConfigurationProperty found = source.getConfigurationProperty(name);
				if (found != null && found.getValue() instanceof CharSequence raw) {
					Matcher placeholder = PLACEHOLDER.matcher(raw.toString().strip());
					if (placeholder.matches()) {
						return placeholder.group(1);
					}
				}
			}
		}
		return relaxed(name);
	}

	static String relaxed(ConfigurationPropertyName name) {
		StringBuilder variable = new StringBuilder();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			if (i > 0) {
				variable.append('_');
			}
			variable.append(name.getElement(i, ConfigurationPropertyName.Form.UNIFORM).toUpperCase(Locale.ROOT));
		}
		return variable.toString();
	}

	/**
	 * A value that may be secret (by the last part of its name: auth.db.password, ...) is
	 * never printed.
	 */
	static String shown(String property, Object value) {
		if (value == null) {
			return "empty";
		}
		String last = property.substring(property.lastIndexOf('.') + 1);
		return SECRET.matcher(last).find() ? "set (the value is not shown)" : "\"" + value + "\"";
	}

}
