package dev.authstack.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import dev.authstack.account.Account;
import dev.authstack.security.TokenClaims;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;

/**
 * Issues access tokens: short-lived JWTs (ES256 or RS256) with a {@code kid}, a unique
 * {@code jti} and the session id ({@code sid}) that every request is checked against.
 */
@Service
public class TokenService {

	private final JwtEncoder encoder;

	private final SigningKeys keys;

	private final JwtProperties properties;

	private final SessionProperties sessionProperties;

	TokenService(JwtEncoder encoder, SigningKeys keys, JwtProperties properties, SessionProperties sessionProperties) {
		this.encoder = encoder;
		this.keys = keys;
		this.properties = properties;
		this.sessionProperties = sessionProperties;
	}

	/**
	 * A token for a session: an API access token ({@code typ} at+jwt, our audience, the
	 * access token lifetime) or a page session token ({@code typ} authstack-page+jwt, the
	 * pages' audience, the page session lifetime). Neither is accepted where the other
	 * belongs.
	 */
	AccessToken issue(Account account, UUID sessionId, Kind kind) {
		return issue(account.getId(), account.getUsername(), account.getRoles(), account.isEmailVerified(), sessionId,
				kind);
	}

	AccessToken issue(long accountId, String username, Collection<String> roles, boolean emailVerified, UUID sessionId,
			Kind kind) {
		Duration ttl = kind == Kind.API ? properties.accessTokenTtl() : sessionProperties.pageSessionTtl();
		Instant now = Instant.now();
		Instant expiresAt = now.plus(ttl);
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(properties.issuer())
			.audience(List.of(kind == Kind.API ? properties.audience() : properties.pageAudience()))
			.subject(String.valueOf(accountId))
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(expiresAt)
			.id(UUID.randomUUID().toString())
			.claim(TokenClaims.USERNAME, username)
			.claim(TokenClaims.ROLES, List.copyOf(roles))
			.claim(TokenClaims.EMAIL_VERIFIED, emailVerified)
			.claim(TokenClaims.SESSION_ID, sessionId.toString())
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.from(keys.algorithm().getName()))
			.keyId(keys.signingKey().getKeyID())
			.type(kind == Kind.API ? TokenClaims.API_TOKEN_TYPE : TokenClaims.PAGE_TOKEN_TYPE)
			.build();
		String value = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		return new AccessToken(value, ttl.toSeconds(), expiresAt);
	}

	/** Which kind of session a token is for. */
	enum Kind {

		API, PAGE

	}

	/** A signed access token and how long it lives. */
	public record AccessToken(String value, long expiresInSeconds, Instant expiresAt) {

		@Override
		public String toString() {
			return "AccessToken[expiresAt=" + expiresAt + "]";
		}

	}

}
