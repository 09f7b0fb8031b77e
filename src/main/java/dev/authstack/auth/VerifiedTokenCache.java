package dev.authstack.auth;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers tokens whose signature, issuer and audience were verified, so a client
 * presenting the same token again skips the RSA verification and the JSON parsing. What
 * can change between two requests — expiry and revocation — is checked on every request,
 * cached or not. Only tokens that passed are kept; a forged token is verified (and
 * refused) every time.
 */
final class VerifiedTokenCache implements JwtDecoder {

	private final JwtDecoder verifier;

	private final OAuth2TokenValidator<Jwt> everyRequest;

	private final Cache<String, Jwt> verified;

	VerifiedTokenCache(JwtDecoder verifier, OAuth2TokenValidator<Jwt> everyRequest, int maximumSize, Duration ttl) {
		this.verifier = verifier;
		this.everyRequest = everyRequest;
		this.verified = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		if (token == null) {
			throw new BadJwtException("No token");
		}
		Jwt jwt = verified.get(token, verifier::decode);
		OAuth2TokenValidatorResult result = everyRequest.validate(jwt);
		if (result.hasErrors()) {
			throw new JwtValidationException("Token refused: " + result.getErrors().iterator().next().getDescription(),
					result.getErrors());
		}
		return jwt;
	}

}
