package dev.authstack.system;

/**
 * The service cannot start because of how it was configured: a mistake of the person
 * running it, not a fault. Spring Boot prints it as its "APPLICATION FAILED TO START" box
 * with the {@link #getMessage() description} and the {@link #action() action}, and no
 * stack trace unless debug logging is on ({@link StartupFailureAnalyzers}). Name the
 * variable and say what to do.
 */
public class InvalidConfigurationException extends RuntimeException {

	private final String action;

	public InvalidConfigurationException(String description, String action) {
		this(description, action, null);
	}

	public InvalidConfigurationException(String description, String action, Throwable cause) {
		super(description, cause);
		this.action = action;
	}

	public String action() {
		return action;
	}

}
