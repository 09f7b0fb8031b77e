package dev.authstack.store;

import dev.authstack.system.TransientFault;

/** The shared store's server could not answer in time. */
public class SharedStoreUnavailableException extends RuntimeException implements TransientFault {

	public SharedStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
