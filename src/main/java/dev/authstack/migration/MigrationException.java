package dev.authstack.migration;

/**
 * A failure the user can act on, reported as one clear message: exit code 1. Public for
 * the command line's own sub-packages ({@code flyway}, {@code schema}); no other module
 * uses it.
 */
public final class MigrationException extends RuntimeException {

	public MigrationException(String message) {
		super(message);
	}

	public MigrationException(String message, Throwable cause) {
		super(message, cause);
	}

}
