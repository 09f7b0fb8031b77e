package dev.authstack.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.authstack.security.TokenClaims;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
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
 * Nimbus encoder and decoder for access tokens. The decoder accepts ES256 and RS256 only,
 * each with a key of its own kind (so no {@code alg: none} or HMAC confusion), our two
 * token types only, and requires our issuer, the audience of the token's type and an
 * unexpired {@code exp}. Whether the token's session is alive is the security chains'
 * check, on every request.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

	@Bean
	JwtEncoder jwtEncoder(SigningKeys keys) {
		JWKSource<SecurityContext> signing = (selector, context) -> selector.select(new JWKSet(keys.signingKey()));
		return new NimbusJwtEncoder(signing);
	}

	@Bean
	JwtDecoder jwtDecoder(SigningKeys keys, JwtProperties properties) {
		JWKSource<SecurityContext> verification = (selector, context) -> {
			List<JWK> found = selector.select(keys.publicKeys());
			if (found.isEmpty() && keys.reloadIfStale()) {
				found = selector.select(keys.publicKeys());
			}
			return found;
		};
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		// the algorithms we sign with; each published key also names its own, so an EC
		// key never verifies an RS256 signature nor the reverse, and alg none or HMAC
		// never gets a key
		processor.setJWSKeySelector(
				new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256), verification));
		// our two kinds only; the chains then take each where it belongs
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(TokenClaims.API_TOKEN_TYPE),
				new JOSEObjectType(TokenClaims.PAGE_TOKEN_TYPE)));
		// claims are checked by Spring's validators below, with our clock skew
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		NimbusJwtDecoder verifier = new NimbusJwtDecoder(processor);
		// what a token is stays true: checked once, then the verified token is remembered
		verifier.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtIssuerValidator(properties.issuer()),
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull), audienceOfItsKind(properties)));
		// what can change between two requests is checked on every one: expiry here, the
		// session (alive, and whose roles) by the security chains through LiveSessions
		OAuth2TokenValidator<Jwt> everyRequest = new JwtTimestampValidator(properties.clockSkew());
		return new VerifiedTokenCache(verifier, everyRequest, 10_000, properties.accessTokenTtl());
	}

	/** An API token must be for our API's audience, a page token for the pages'. */
	static OAuth2TokenValidator<Jwt> audienceOfItsKind(JwtProperties properties) {
		OAuth2Error wrongAudience = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
				"The token is not for this audience", null);
		return jwt -> {
			Object type = jwt.getHeaders().get("typ");
			String expected = TokenClaims.API_TOKEN_TYPE.equals(type) ? properties.audience()
					: TokenClaims.PAGE_TOKEN_TYPE.equals(type) ? properties.pageAudience() : null;
			List<String> audience = jwt.getAudience();
			return expected != null && audience != null && audience.contains(expected)
					? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(wrongAudience);
		};
	}

}
