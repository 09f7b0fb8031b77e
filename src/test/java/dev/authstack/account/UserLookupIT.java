package dev.authstack.account;

import java.util.Map;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class UserLookupIT extends RealDatabase {

	@LocalServerPort
	int port;

	Api api;

	Map<String, Object> alice;

	String aliceToken;

	String bobToken;

	@BeforeEach
	void setUp() {
		api = new Api(port);
		alice = Accounts.alice();
		assertThat(api.post("/api/v1/signup", alice).status()).isEqualTo(201);
		aliceToken = api.login((String) alice.get("username"), Accounts.PASSWORD);
		bobToken = api.signupAndLogin(Accounts.uniqueName("bob"), Accounts.PASSWORD);
	}

	@Test
	void ownerSeesTheFullRecordButNeverTheHash() {
		Api.Response response = api.get("/api/v1/users/" + alice.get("username"), aliceToken);

		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("email").asString()).isEqualTo(alice.get("email"));
		assertThat(body.get("address").asString()).isEqualTo("1 Rabbit Hole");
		assertThat(body.get("locality").asString()).isEqualTo("Oxford");
		assertThat(body.get("state").asString()).isEqualTo("Oxfordshire");
		assertThat(body.has("password")).isFalse();
		assertThat(response.body()).doesNotContain("argon2");
	}

	@Test
	void othersSeeOnlyPublicFields() {
		Api.Response response = api.get("/api/v1/users/" + alice.get("username"), bobToken);

		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("username").asString()).isEqualTo(alice.get("username"));
		assertThat(body.get("first_name").asString()).isEqualTo("Alice");
		assertThat(body.get("country").asString()).isEqualTo("GB");
		assertThat(body.has("email")).isFalse();
		assertThat(body.has("address")).isFalse();
		assertThat(body.has("id")).isFalse();
	}

	@Test
	void lookupIsCaseInsensitive() {
		String upper = ((String) alice.get("username")).toUpperCase();
		assertThat(api.get("/api/v1/users/" + upper, bobToken).status()).isEqualTo(200);
	}

	@Test
	void unknownUserIs404ProblemAndAnonymousIs401() {
		Api.Response unknown = api.get("/api/v1/users/" + Accounts.uniqueName("nobody"), bobToken);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");

		assertThat(api.get("/api/v1/users/" + alice.get("username")).status()).isEqualTo(401);
	}

}
