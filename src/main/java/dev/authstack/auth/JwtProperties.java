package dev.authstack.auth;

import java.nio.file.Path;
import java.time.Duration;

import com.nimbusds.jose.JWSAlgorithm;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access tokens: who issues them, for whom, for how long, and with which key. Without a
 * key file the service generates a key of {@code algorithm} once and keeps it in the
 * database for every replica, replacing it every {@code keyRotation} (0 = never); a
 * replaced key keeps verifying until every token it signed has expired. Every
 * {@code keyRefreshInterval} a replica rotates a due key and picks up the key another
 * replica made active.
 */
@Validated
@ConfigurationProperties("auth.jwt")
record JwtProperties(@DefaultValue("authstack") @NotBlank String issuer,
		@DefaultValue("authstack") @NotBlank String audience, @DefaultValue("15m") @NotNull Duration accessTokenTtl,
		@DefaultValue("10s") @NotNull Duration clockSkew, Path signingKeyFile,
		@DefaultValue("30d") @NotNull Duration keyRotation, @DefaultValue("ES256") @NotNull SigningAlgorithm algorithm,
		@DefaultValue("5m") @NotNull Duration keyRefreshInterval) {

	/**
	 * How access tokens are signed: ES256 (P-256, the default) or RS256 (RSA 2048) for
	 * clients that need it.
	 */
	enum SigningAlgorithm {

		ES256(JWSAlgorithm.ES256), RS256(JWSAlgorithm.RS256);

		private final JWSAlgorithm jws;

		SigningAlgorithm(JWSAlgorithm jws) {
			this.jws = jws;
		}

		JWSAlgorithm jws() {
			return jws;
		}

	}

	/**
	 * The audience of page session tokens: not ours as an API, so no API accepts them.
	 */
	String pageAudience() {
		return audience + "-pages";
	}

}
