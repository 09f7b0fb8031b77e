package dev.authstack.migration;

/** A failure the user can act on, reported as one clear message: exit code 1. */
final class MigrationException extends RuntimeException {

	MigrationException(String message) {
		super(message);
	}

	MigrationException(String message, Throwable cause) {
		super(message, cause);
	}

}
