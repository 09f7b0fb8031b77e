package dev.authstack.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class SignupIT extends RealDatabase {

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
	void createsAccountWithLocationAndWithoutPassword() {
		Map<String, Object> alice = Accounts.alice();
		Api.Response response = api.post("/api/v1/signup", alice);

		assertThat(response.status()).isEqualTo(201);
		assertThat(response.header("Location")).isEqualTo("/api/v1/users/" + alice.get("username"));
		JsonNode body = response.json();
		assertThat(body.get("username").asString()).isEqualTo(alice.get("username"));
		assertThat(body.get("email").asString()).isEqualTo(alice.get("email"));
		assertThat(body.get("first_name").asString()).isEqualTo("Alice");
		assertThat(body.get("country").asString()).isEqualTo("GB");
		assertThat(body.has("password")).isFalse();
		assertThat(response.body()).doesNotContain(Accounts.PASSWORD).doesNotContain("argon2");
	}

	@Test
	void storesUsernameLowercaseAndPasswordAsArgon2idHash() {
		String name = Accounts.uniqueName("Mixed");
		Map<String, Object> body = Accounts.signup(name);
		assertThat(api.post("/api/v1/signup", body).status()).isEqualTo(201);

		Map<String, Object> row = jdbc.queryForMap("select username, password from accounts where email = ?",
				body.get("email"));
		assertThat(row.get("username")).isEqualTo(name.toLowerCase());
		assertThat((String) row.get("password")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
			.doesNotContain(Accounts.PASSWORD);
	}

	@Test
	void refusesTakenUsernameCaseInsensitively() {
		Map<String, Object> first = Accounts.signup(Accounts.uniqueName("dup"));
		assertThat(api.post("/api/v1/signup", first).status()).isEqualTo(201);

		Map<String, Object> second = Accounts.signup(((String) first.get("username")).toUpperCase());
		Api.Response response = api.post("/api/v1/signup", second);

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("field").asString()).isEqualTo("username");
	}

	@Test
	void refusesTakenEmailCaseInsensitively() {
		Map<String, Object> first = Accounts.signup(Accounts.uniqueName("mail"));
		assertThat(api.post("/api/v1/signup", first).status()).isEqualTo(201);

		Map<String, Object> second = Accounts.signup(Accounts.uniqueName("other"));
		second.put("email", ((String) first.get("email")).toUpperCase());
		Api.Response response = api.post("/api/v1/signup", second);

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.json().get("field").asString()).isEqualTo("email");
	}

	@Test
	void reportsEveryInvalidFieldAndStoresNothing() {
		long before = accounts();
		Map<String, Object> body = Map.of("username", "a!", "email", "not-an-email", "password", "short", "first_name",
				"x".repeat(129));
		Api.Response response = api.post("/api/v1/signup", body);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		List<String> fields = new ArrayList<>();
		response.json().get("errors").forEach(error -> fields.add(error.get("field").asString()));
		assertThat(fields).contains("username", "email", "password", "first_name");
		assertThat(accounts()).isEqualTo(before);
	}

	@Test
	void enforcesLengthLimitsWithoutTruncating() {
		Map<String, Object> longPassword = Accounts.signup(Accounts.uniqueName("lp"));
		longPassword.put("password", "p".repeat(129));
		assertThat(api.post("/api/v1/signup", longPassword).status()).isEqualTo(400);

		Map<String, Object> longName = Accounts.signup("u".repeat(33));
		assertThat(api.post("/api/v1/signup", longName).status()).isEqualTo(400);

		Map<String, Object> longEmail = Accounts.signup(Accounts.uniqueName("le"));
		longEmail.put("email", "e".repeat(250) + "@x.io");
		assertThat(api.post("/api/v1/signup", longEmail).status()).isEqualTo(400);

		Map<String, Object> maxPassword = Accounts.signup(Accounts.uniqueName("mp"));
		// not one letter repeated: the policy refuses those
		String longest = "plum-".repeat(26).substring(0, 128);
		maxPassword.put("password", longest);
		assertThat(api.post("/api/v1/signup", maxPassword).status()).isEqualTo(201);
		assertThat(api
			.post("/api/v1/login",
					Map.of("username", maxPassword.get("username"), "password", longest.substring(0, 127)))
			.status()).isEqualTo(401);
	}

	@Test
	void answersMalformedJsonWith400() {
		Api.Response response = api.post("/api/v1/signup", "application/json", "{\"username\": ");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at ");
	}

	@Test
	void answersWrongContentTypeWith415() {
		Api.Response response = api.post("/api/v1/signup", "text/plain", "username=bob");

		assertThat(response.status()).isEqualTo(415);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	@Test
	void answersOversizedBodyWith413() {
		Map<String, Object> body = Accounts.signup(Accounts.uniqueName("big"));
		body.put("address", "x".repeat(20_000));
		Api.Response response = api.post("/api/v1/signup", body);

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	@Test
	void answersOversizedChunkedBodyWith413() {
		String json = Api.toJson(Map.of("username", Accounts.uniqueName("chunk"), "padding", "x".repeat(40_000)));
		Api.Response response = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/api/v1/signup"))
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers
				.ofInputStream(() -> new java.io.ByteArrayInputStream(json.getBytes()))));

		assertThat(response.status()).isEqualTo(413);
	}

	@Test
	void racingSignupsForOneNameGiveExactlyOneAccount() throws Exception {
		String name = Accounts.uniqueName("race");
		int racers = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(racers);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < racers; i++) {
				Map<String, Object> body = Accounts.signup(name);
				body.put("email", name + i + "@example.com");
				results.add(pool.submit(() -> {
					start.await();
					return api.post("/api/v1/signup", body).status();
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> result : results) {
				statuses.add(result.get());
			}
			assertThat(statuses).containsOnly(201, 409);
			assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
			assertThat(jdbc.queryForObject("select count(*) from accounts where username = ?", Long.class, name))
				.isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private long accounts() {
		return jdbc.queryForObject("select count(*) from accounts", Long.class);
	}

}
