package dev.authstack.account;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input PostgreSQL cannot store (a NUL byte) and parameters out of range: a 400 that
 * names the field, never a 500 or a misleading 409, and nothing stored.
 */
@IntegrationTest
@TestPropertySource(properties = { "auth.bootstrap-admin.username=root-admin",
		"auth.bootstrap-admin.password=bootstrap admin password" })
class InvalidInputIT extends RealDatabase {

	static final String NUL = "\u0000";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api api;

	@BeforeEach
	void setUp() {
		api = new Api(port);
	}

	@Test
	void aNulInTheLoginIdentifierIsA400NamingTheField() {
		for (String field : List.of("username", "email")) {
			Api.Response response = api.post("/api/v1/login",
					Map.of(field, "ali" + NUL + "ce", "password", "whatever it is"));
			assertInvalid(response, field);
		}
	}

	@Test
	void aNulInAnySignupFieldIsA400NamingTheFieldNotAConflict() {
		for (String field : List.of("username", "email", "first_name", "last_name", "address", "locality", "state",
				"country")) {
			String username = Accounts.uniqueName("nul");
			Map<String, Object> body = Accounts.signup(username);
			body.put(field, field.equals("email") ? username + NUL + "@example.com" : "x" + NUL + "y");
			Api.Response response = api.post("/api/v1/signup", body);
			assertInvalid(response, field);
			assertThat(jdbc.queryForObject("select count(*) from accounts where username = ?", Long.class, username))
				.isZero();
		}
	}

	@Test
	void aNulInAProfileChangeIsA400NamingTheField() {
		String token = api.signupAndLogin(Accounts.uniqueName("nulp"), Accounts.PASSWORD);
		Api.Response response = api.send(HttpRequest.newBuilder(api.uri("/api/v1/me"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"first_name\":\"a\\u0000b\"}")));
		assertInvalid(response, "first_name");
	}

	@Test
	void adminListParametersOutOfRangeAreA400PerParameter() {
		String admin = api.login("root-admin", "bootstrap admin password");
		Map<String, List<String>> cases = Map.of("page=-1", List.of("page"), "size=0", List.of("size"), "size=101",
				List.of("size"), "page=-1&size=101", List.of("page", "size"), "q=a%00b", List.of("q"));
		cases.forEach((query, fields) -> {
			Api.Response response = api.get("/api/v1/admin/users?" + query, admin);
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			JsonNode problem = response.json();
			assertThat(problem.get("type").asString()).isEqualTo("about:blank");
			assertThat(problem.get("errors").valueStream().map(error -> error.get("field").asString()).toList())
				.as(query)
				.containsExactlyElementsOf(fields);
			problem.get("errors").forEach(error -> assertThat(error.get("message").asString()).isNotBlank());
			assertThat(response.body()).doesNotContain("list.", "ConstraintViolation", "arg0");
		});
		assertThat(api.get("/api/v1/admin/users?page=0&size=100", admin).status()).isEqualTo(200);
	}

	private static void assertInvalid(Api.Response response, String field) {
		assertThat(response.status()).as(field + ": " + response.body()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("errors").valueStream().map(error -> error.get("field").asString()).toList()).as(field)
			.isNotEmpty()
			.containsOnly(field);
	}

}
