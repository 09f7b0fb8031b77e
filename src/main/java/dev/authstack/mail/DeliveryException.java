package dev.authstack.mail;

/**
 * A message was not delivered. Permanent: the server refused this message for good (a 5xx
 * answer) or it cannot be made (an address that is no address); transient: anything else
 * (unreachable, timed out, dropped connection, 4xx, login refused, TLS missing), tried
 * again.
 */
class DeliveryException extends Exception {

	private final boolean permanent;

	DeliveryException(String message, boolean permanent, Throwable cause) {
		super(message, cause);
		this.permanent = permanent;
	}

	boolean permanent() {
		return permanent;
	}

}
