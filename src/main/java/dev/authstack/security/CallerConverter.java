package dev.authstack.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a verified token into a {@link CallerAuthentication}. A signed token without a numeric
 * {@code sub} or a session id is refused like any invalid token (401), never a 500.
 */
final class CallerConverter implements Converter<Jwt, CallerAuthentication> {

	@Override
	public CallerAuthentication convert(Jwt token) {
		long accountId;
		UUID sessionId;
		try {
			accountId = Long.parseLong(token.getSubject());
			sessionId = UUID.fromString(token.getClaimAsString(TokenClaims.SESSION_ID));
		}
		catch (RuntimeException ex) {
			throw new InvalidBearerTokenException("The token names no account or session");
		}
		List<String> claimed = token.getClaimAsStringList(TokenClaims.ROLES);
		Set<String> roles = claimed == null ? Set.of() : new LinkedHashSet<>(claimed);
		String username = token.getClaimAsString(TokenClaims.USERNAME);
		Caller caller = new Caller(accountId, sessionId, username == null ? "" : username, roles);
		return new CallerAuthentication(caller, token, authorities(roles));
	}

	private static Collection<GrantedAuthority> authorities(Set<String> roles) {
		return roles.stream().<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
	}

}
