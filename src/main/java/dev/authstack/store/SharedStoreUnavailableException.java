package dev.authstack.store;

/** The shared store's server could not answer in time. */
public class SharedStoreUnavailableException extends RuntimeException {

	public SharedStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
