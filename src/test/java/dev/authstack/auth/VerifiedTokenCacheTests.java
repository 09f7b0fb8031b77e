package dev.authstack.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokenCacheTests {

	private final AtomicInteger verifications = new AtomicInteger();

	private final Set<String> revoked = new HashSet<>();

	/** A stand-in verifier: "good-*" tokens verify, anything else is forged. */
	private final JwtDecoder verifier = token -> {
		verifications.incrementAndGet();
		if (!token.startsWith("good-")) {
			throw new BadJwtException("bad signature");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.claim("sid", token)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60))
			.build();
	};

	private final OAuth2TokenValidator<Jwt> notRevoked = jwt -> revoked.contains(jwt.getClaimAsString("sid"))
			? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "revoked", null))
			: OAuth2TokenValidatorResult.success();

	private final VerifiedTokenCache cache = new VerifiedTokenCache(verifier, notRevoked, 100, Duration.ofMinutes(5));

	@Test
	void verifiesAGoodTokenOnce() {
		cache.decode("good-1");
		cache.decode("good-1");
		cache.decode("good-1");

		assertThat(verifications).hasValue(1);
	}

	@Test
	void checksRevocationOnEveryRequestEvenWhenCached() {
		assertThat(cache.decode("good-2").getClaimAsString("sid")).isEqualTo("good-2");
		revoked.add("good-2");

		assertThatThrownBy(() -> cache.decode("good-2")).isInstanceOf(JwtException.class);
		assertThat(verifications).hasValue(1);
	}

	@Test
	void neverRemembersAForgedToken() {
		assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(JwtException.class);
		assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(JwtException.class);

		assertThat(verifications).hasValue(2);
	}

}
