package dev.authstack.auth;

import java.util.List;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.Instances;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import dev.authstack.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AUTH_JWT_ALGORITHM: RS256 for clients that need it, ES256 by default. Switching is a
 * rotation: tokens signed before keep working until they expire, and the JWKS publishes
 * both keys.
 */
@ExtendWith(PostgresExtension.class)
class SigningAlgorithmIT {

	@Test
	void switchingFromRs256ToEs256KeepsEarlierTokensValid() {
		String database = PostgresServer.createDatabase("algorithm");
		String username = Accounts.uniqueName("alg");
		String rs256;
		String rsaKid;
		try (ConfigurableApplicationContext app = start(database, "RS256")) {
			Api api = new Api(Instances.port(app));
			rs256 = api.signupAndLogin(username, Accounts.PASSWORD);
			assertThat(Tokens.header(rs256).get("alg").asString()).isEqualTo("RS256");
			rsaKid = Tokens.header(rs256).get("kid").asString();
			assertThat(keys(api)).extracting(key -> key.get("kty").asString()).containsExactly("RSA");
			assertThat(api.get("/api/v1/me", rs256).status()).isEqualTo(200);
		}
		try (ConfigurableApplicationContext app = start(database, "ES256")) {
			Api api = new Api(Instances.port(app));
			String es256 = api.login(username, Accounts.PASSWORD);
			assertThat(Tokens.header(es256).get("alg").asString()).isEqualTo("ES256");
			assertThat(Tokens.header(es256).get("kid").asString()).isNotEqualTo(rsaKid);
			List<JsonNode> keys = keys(api);
			assertThat(keys).extracting(key -> key.get("kty").asString()).containsExactlyInAnyOrder("EC", "RSA");
			assertThat(keys).allSatisfy(key -> assertThat(key.has("d")).as("private part published").isFalse());

			assertThat(api.get("/api/v1/me", es256).status()).isEqualTo(200);
			assertThat(api.get("/api/v1/me", rs256).status()).isEqualTo(200);
		}
	}

	private static List<JsonNode> keys(Api api) {
		List<JsonNode> keys = new java.util.ArrayList<>();
		api.get("/.well-known/jwks.json").json().get("keys").forEach(keys::add);
		return keys;
	}

	private static ConfigurableApplicationContext start(String database, String algorithm) {
		return Instances.start("--auth.db.url=" + database, "--auth.db.username=" + PostgresServer.username(),
				"--auth.jwt.algorithm=" + algorithm);
	}

}
