package dev.authstack.auth;

import java.time.Instant;
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
 * Issues access tokens: short-lived RS256 JWTs with a {@code kid}, a unique {@code jti} and the
 * session id ({@code sid}) that revocation is checked against.
 */
@Service
public class TokenService {

	private final JwtEncoder encoder;

	private final SigningKeys keys;

	private final JwtProperties properties;

	TokenService(JwtEncoder encoder, SigningKeys keys, JwtProperties properties) {
		this.encoder = encoder;
		this.keys = keys;
		this.properties = properties;
	}

	/** An access token of the configured lifetime for a session. */
	AccessToken issue(Account account, UUID sessionId) {
		return issue(account, sessionId, properties.accessTokenTtl());
	}

	AccessToken issue(Account account, UUID sessionId, java.time.Duration ttl) {
		Instant now = Instant.now();
		Instant expiresAt = now.plus(ttl);
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(properties.issuer())
			.audience(List.of(properties.audience()))
			.subject(String.valueOf(account.getId()))
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(expiresAt)
			.id(UUID.randomUUID().toString())
			.claim(TokenClaims.USERNAME, account.getUsername())
			.claim(TokenClaims.ROLES, List.copyOf(account.getRoles()))
			.claim(TokenClaims.EMAIL_VERIFIED, account.isEmailVerified())
			.claim(TokenClaims.SESSION_ID, sessionId.toString())
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keys.signingKey().getKeyID()).type("JWT").build();
		String value = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		return new AccessToken(value, ttl.toSeconds(), expiresAt);
	}

	/** A signed access token and how long it lives. */
	public record AccessToken(String value, long expiresInSeconds, Instant expiresAt) {

		@Override
		public String toString() {
			return "AccessToken[expiresAt=" + expiresAt + "]";
		}

	}

}
