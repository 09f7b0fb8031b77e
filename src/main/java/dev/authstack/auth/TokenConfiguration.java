package dev.authstack.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.nimbusds.jose.JWSAlgorithm;
import dev.authstack.security.TokenClaims;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Nimbus encoder and decoder for access tokens. The decoder accepts RS256 only (so no
 * {@code alg: none} or HMAC confusion), and requires our issuer, our audience, an unexpired
 * {@code exp} and a session ({@code sid}) that has not been revoked.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

	@Bean
	JwtEncoder jwtEncoder(SigningKeys keys) {
		JWKSource<SecurityContext> signing = (selector, context) -> selector.select(new JWKSet(keys.signingKey()));
		return new NimbusJwtEncoder(signing);
	}

	@Bean
	JwtDecoder jwtDecoder(SigningKeys keys, JwtProperties properties, RevocationList revocations) {
		JWKSource<SecurityContext> verification = (selector, context) -> {
			List<JWK> found = selector.select(keys.publicKeys());
			if (found.isEmpty() && keys.reloadIfStale()) {
				found = selector.select(keys.publicKeys());
			}
			return found;
		};
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, verification));
		// claims are checked by Spring's validators below, with our clock skew
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		NimbusJwtDecoder verifier = new NimbusJwtDecoder(processor);
		// what a token is stays true: checked once, then the verified token is remembered
		verifier.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtIssuerValidator(properties.issuer()),
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						audience -> audience != null && audience.contains(properties.audience()))));
		// what can change between two requests is checked on every one; revocation last, so only
		// tokens that are otherwise valid cost a lookup
		OAuth2TokenValidator<Jwt> everyRequest = new DelegatingOAuth2TokenValidator<>(
				new JwtTimestampValidator(properties.clockSkew()),
				new JwtClaimValidator<String>(TokenClaims.SESSION_ID, sid -> sid != null && !revocations.isRevoked(sid)));
		return new VerifiedTokenCache(verifier, everyRequest, 10_000, properties.accessTokenTtl());
	}

}
