package dev.authstack.security;

import dev.authstack.system.TransientFault;

import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * Whether a session is alive cannot be decided right now: fail closed with 503, never
 * accept.
 */
public class SessionCheckUnavailableException extends AuthenticationServiceException implements TransientFault {

	public SessionCheckUnavailableException(Throwable cause) {
		super("Session state is unavailable", cause);
	}

}
