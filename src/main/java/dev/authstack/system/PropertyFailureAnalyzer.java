package dev.authstack.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * A setting with a value of the wrong kind ({@code AUTH_LOCKOUT_MAXFAILURES=abc}) or out
 * of its range ({@code AUTH_PASSWORD_ARGON2_MEMORYKIB=1024}): which variable, what it
 * holds, what it takes. In place of Spring Boot's "Update your application's
 * configuration" and its Java type names; values of secret settings are not shown.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class PropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	private final Environment environment;

	PropertyFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		InvalidConfigurationPropertyValueException invalidValue = findCause(failure,
				InvalidConfigurationPropertyValueException.class);
		return invalidValue != null ? invalidValue(invalidValue) : super.analyze(failure);
	}

	/** Spring Boot's own checks, e.g. {@code SERVER_PORT=eighty}. */
	private FailureAnalysis invalidValue(InvalidConfigurationPropertyValueException ex) {
		String name = ex.getName();
		String variable = SettingNames.variable(environment, name, null);
		String reason = String.valueOf(ex.getReason());
		String expected = reason.contains("java.lang.Integer") || reason.contains("java.lang.Long") ? "a whole number"
				: reason.contains("java.time.Duration") ? expected(ResolvableType.forClass(Duration.class)) : null;
		if (expected == null) {
			return new FailureAnalysis(variable + " is " + SettingNames.shown(name, ex.getValue()) + ": " + reason
					+ " (setting " + name + ").", "Change " + variable + ", or unset it for the default.", ex);
		}
		return new FailureAnalysis(
				variable + " is " + SettingNames.shown(name, ex.getValue()) + ", which is not " + expected
						+ " (setting " + name + ").",
				"Set " + variable + " to " + expected + ", or unset it for the default (README, \"Configuration\").",
				ex);
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		BindValidationException invalid = findCause(cause, BindValidationException.class);
		if (invalid != null) {
			return outOfRange(cause, invalid);
		}
		ConfigurationProperty property = cause.getProperty();
		if (property == null) {
			return null;
		}
		String name = property.getName().toString();
		String variable = SettingNames.variable(environment, name, property.getOrigin());
		ConversionFailedException conversion = findCause(cause, ConversionFailedException.class);
		String expected = conversion != null ? expected(conversion.getTargetType().getResolvableType())
				: expected(cause.getTarget().getType());
		return new FailureAnalysis(
				variable + " is " + SettingNames.shown(name, resolved(property.getValue())) + ", which is not "
						+ expected + " (setting " + name + ").",
				"Set " + variable + " to " + expected + ", or unset it for the default (README, \"Configuration\").",
				cause);
	}

	/**
	 * The value as the variable gave it: application.yml's
	 * {@code ${AUTH_DB_WAIT_SECONDS:60}} resolved.
	 */
	private Object resolved(Object value) {
		return value instanceof CharSequence raw ? environment.resolvePlaceholders(raw.toString()) : value;
	}

	private FailureAnalysis outOfRange(BindException cause, BindValidationException invalid) {
		List<String> problems = new ArrayList<>();
		List<String> variables = new ArrayList<>();
		for (ObjectError error : invalid.getValidationErrors().getAllErrors()) {
			if (error instanceof FieldError field) {
				String name = invalid.getValidationErrors().getName() + "." + field.getField();
				String variable = SettingNames.variable(environment, name, Origin.from(field));
				variables.add(variable);
				problems.add(variable + " is " + SettingNames.shown(name, field.getRejectedValue()) + ": "
						+ field.getDefaultMessage());
			}
			else {
				problems.add(cause.getName() + ": " + error.getDefaultMessage());
			}
		}
		String fix = variables.isEmpty() ? "the settings under " + SettingNames.relaxed(cause.getName()) + "_*"
				: String.join(", ", variables);
		return new FailureAnalysis(String.join("; ", problems) + ".",
				"Change " + fix + " (README, \"Configuration\"), or unset it for the default.", cause);
	}

	static String expected(ResolvableType type) {
		Class<?> raw = type.resolve(Object.class);
		if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class || raw == short.class) {
			return "a whole number";
		}
		if (raw == double.class || raw == Double.class || raw == float.class) {
			return "a number";
		}
		if (raw == boolean.class || raw == Boolean.class) {
			return "true or false";
		}
		if (raw == Duration.class) {
			return "a duration such as 500ms, 30s, 15m, 12h or 30d";
		}
		if (raw == DataSize.class) {
			return "a size such as 512B, 16KB or 1MB";
		}
		if (raw == Path.class) {
			return "a file system path";
		}
		if (raw.isEnum()) {
			return "one of "
					+ Arrays.stream(raw.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
		}
		return "a valid " + raw.getSimpleName();
	}

}
