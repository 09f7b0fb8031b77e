package dev.authstack.auth;

import java.util.Base64;
import java.util.Map;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class LoginIT extends RealDatabase {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	Api api;

	String username;

	@BeforeEach
	void setUp() {
		api = new Api(port);
		username = Accounts.uniqueName("login");
		assertThat(api.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
	}

	@Test
	void issuesBearerTokenForUsernameAndForEmail() {
		for (String identifier : new String[] { username, username.toUpperCase(), username + "@example.com" }) {
			Api.Response response = api.post("/api/v1/login",
					Map.of("username", identifier, "password", Accounts.PASSWORD));

			assertThat(response.status()).as(identifier).isEqualTo(200);
			JsonNode body = response.json();
			assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
			assertThat(body.get("expires_in").asLong()).isEqualTo(900);
			assertThat(body.get("access_token").asString()).isNotBlank();
			assertThat(response.header("Cache-Control")).contains("no-store");
		}
	}

	@Test
	void accessTokenIsAnEs256AccessTokenWithTheExpectedClaims() {
		String token = api.login(username, Accounts.PASSWORD);
		String[] parts = token.split("\\.");
		assertThat(parts).hasSize(3);
		JsonNode header = decode(parts[0]);
		JsonNode claims = decode(parts[1]);

		assertThat(header.get("alg").asString()).isEqualTo("ES256");
		assertThat(header.get("typ").asString()).isEqualTo("at+jwt");
		assertThat(header.get("kid").asString()).isNotBlank();
		assertThat(claims.get("iss").asString()).isEqualTo("authstack");
		assertThat(claims.get("aud").toString()).contains("authstack");
		assertThat(claims.get("sub").asString()).matches("\\d+");
		assertThat(claims.get("preferred_username").asString()).isEqualTo(username);
		assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
		assertThat(claims.get("jti").asString()).isNotBlank();
		assertThat(api.login(username, Accounts.PASSWORD)).isNotEqualTo(token);

		JsonNode jwks = api.get("/.well-known/jwks.json").json();
		assertThat(jwks.get("keys").findValuesAsString("kid")).contains(header.get("kid").asString());
		assertThat(jwks.toString()).doesNotContain("\"d\"").doesNotContain("\"p\"");
	}

	@Test
	void everyFailureLooksTheSame() {
		Api.Response wrongPassword = api.post("/api/v1/login",
				Map.of("username", username, "password", "not the password"));
		Api.Response unknownUser = api.post("/api/v1/login",
				Map.of("username", Accounts.uniqueName("ghost"), "password", "not the password"));
		Api.Response unknownEmail = api.post("/api/v1/login",
				Map.of("username", "ghost@example.com", "password", Accounts.PASSWORD));

		for (Api.Response response : new Api.Response[] { wrongPassword, unknownUser, unknownEmail }) {
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.body()).isEqualTo(wrongPassword.body());
		}
		assertThat(wrongPassword.json().get("detail").asString()).isEqualTo("Invalid username or password");
	}

	@Test
	void missingPasswordIsABadRequest() {
		Api.Response response = api.post("/api/v1/login", Map.of("username", username));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	private static JsonNode decode(String part) {
		return json.readTree(Base64.getUrlDecoder().decode(part));
	}

}
