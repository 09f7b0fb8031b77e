package dev.authstack.auth;

import java.util.Base64;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Rotation replaces the signing key without logging anyone out. */
@IntegrationTest
class SigningKeyRotationIT extends RealDatabase {

	@LocalServerPort
	int port;

	@Autowired
	SigningKeys keys;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void tokensSignedBeforeRotationKeepWorkingAndNewOnesUseTheNewKey() {
		Api api = new Api(port);
		String username = Accounts.uniqueName("rot");
		String before = api.signupAndLogin(username, Accounts.PASSWORD);
		String oldKid = kid(before);

		keys.rotate();

		String after = api.login(username, Accounts.PASSWORD);
		assertThat(kid(after)).isNotEqualTo(oldKid);
		assertThat(api.get("/api/v1/me", before).status()).isEqualTo(200);
		assertThat(api.get("/api/v1/me", after).status()).isEqualTo(200);
		JsonNode jwks = api.get("/.well-known/jwks.json").json();
		assertThat(jwks.get("keys").findValuesAsString("kid")).contains(oldKid, kid(after));
		assertThat(jdbc.queryForObject("select count(*) from signing_keys where retired_at is null", Long.class))
			.isOne();
	}

	private static String kid(String token) {
		return JsonMapper.builder()
			.build()
			.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]))
			.get("kid")
			.asString();
	}

}
