package dev.authstack.security;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a verified token into a {@link CallerAuthentication}, on every request: the token
 * must be of the chain's type (an API token on the API, a page token in the cookie), name
 * an account ({@code sub}, numeric) and a session ({@code sid}) that is alive now and
 * belongs to that account. The caller's username and roles come from the live session,
 * not from the token, so a role change or a disable holds from the next request. Anything
 * else is refused like an invalid token (401, or anonymous on the pages); an undecidable
 * check fails closed with 503.
 */
final class CallerConverter implements Converter<Jwt, CallerAuthentication> {

	private final LiveSessions sessions;

	private final String tokenType;

	CallerConverter(LiveSessions sessions, String tokenType) {
		this.sessions = sessions;
		this.tokenType = tokenType;
	}

	@Override
	public CallerAuthentication convert(Jwt token) {
		if (!tokenType.equals(token.getHeaders().get("typ"))) {
			throw new InvalidBearerTokenException("The token is not of this kind");
		}
		long accountId;
		UUID sessionId;
		try {
			accountId = Long.parseLong(token.getSubject());
			sessionId = UUID.fromString(token.getClaimAsString(TokenClaims.SESSION_ID));
		}
		catch (RuntimeException ex) {
			throw new InvalidBearerTokenException("The token names no account or session");
		}
		Optional<LiveSession> live = sessions.find(sessionId);
		if (live.isEmpty() || live.get().accountId() != accountId) {
			throw new InvalidBearerTokenException("The token's session has ended");
		}
		Caller caller = new Caller(accountId, sessionId, live.get().username(), live.get().roles());
		return new CallerAuthentication(caller, token, authorities(caller));
	}

	private static Collection<GrantedAuthority> authorities(Caller caller) {
		return caller.roles()
			.stream()
			.<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
			.toList();
	}

}
