package dev.authstack.auth;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.Burst;
import dev.authstack.support.RealDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lockout as an attacker meets it, with the shipped limit (5 failures): simultaneous
 * guesses, every spelling of one account, and the password checks beside login. Run
 * against the in-process counters ({@link BruteForceIT}) and against redis-server
 * ({@link BruteForceRedisIT}).
 */
abstract class BruteForceScenarios extends RealDatabase {

	static final int LIMIT = 5;

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	Api api;

	String username;

	@BeforeEach
	void signUp() {
		api = new Api(port);
		username = Accounts.uniqueName("irina");
		assertThat(api.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
	}

	@Test
	void simultaneousGuessesVerifyNoMoreThanTheLimitAndTheRightPasswordLateDoesNotGetIn() {
		List<String> bodies = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			String password = i == 99 ? Accounts.PASSWORD : "wrong guess " + i;
			bodies.add(Api.toJson(Map.of("username", username, "password", password)));
		}
		double before = verifications();

		List<Burst.Answer> answers = Burst.postJson(port, "/api/v1/login", bodies);

		double verified = verifications() - before;
		Map<String, Long> kinds = answers.stream()
			.collect(Collectors.groupingBy(BruteForceScenarios::kind, Collectors.counting()));
		System.out.printf("150 simultaneous logins: %.0f verifications, answers %s, right password (#100): %s%n",
				verified, kinds, kind(answers.get(99)));
		assertThat(verified).as("password verifications").isLessThanOrEqualTo(LIMIT);
		// a login that reached the hash is a 200 or a plain 401; no more of them than the
		// limit
		assertThat(kinds.getOrDefault("ok", 0L) + kinds.getOrDefault("failed", 0L)).isLessThanOrEqualTo(LIMIT);
		assertThat(kinds.keySet()).isSubsetOf("ok", "failed", "locked", "shed");
		if (kinds.getOrDefault("ok", 0L) == 0) {
			// the lock holds afterwards too, without a hash
			double after = verifications();
			Api.Response late = login(username, Accounts.PASSWORD);
			assertThat(late.status()).isEqualTo(401);
			assertThat(late.header("Retry-After")).isNotNull();
			assertThat(verifications()).isEqualTo(after);
		}
	}

	@Test
	void everySpellingOfTheAccountCountsInOneBucket() {
		String email = username + "@example.com";
		List<String> spellings = List.of(username, username.toUpperCase(), " " + username + " ", email,
				email.toUpperCase(), fullwidth(username), "\u0130" + username.substring(1) + "@example.com",
				"\u0130" + username.substring(1));
		// five failures spread over the spellings
		for (int i = 0; i < LIMIT; i++) {
			assertThat(login(spellings.get(i % spellings.size()), "wrong " + i).status()).isEqualTo(401);
		}
		double before = verifications();

		for (String spelling : spellings) {
			Api.Response right = login(spelling, Accounts.PASSWORD);
			assertThat(right.status()).as("right password as '%s'", spelling).isEqualTo(401);
		}
		// the spellings that name the account are locked (Retry-After, no hash); the
		// dotted I does not name it (Java's case folding keeps U+0130 apart from i), so
		// it is an unknown identifier with a bucket of its own
		for (String spelling : spellings.subList(0, 6)) {
			assertThat(login(spelling, Accounts.PASSWORD).header("Retry-After")).as("'%s' locked", spelling)
				.isNotNull();
		}
		assertThat(verifications() - before).as("verifications while locked").isLessThanOrEqualTo(2 * 2);
	}

	@Test
	void wrongCurrentPasswordsOnTheSelfServiceRoutesLockLikeLogin() {
		String token = api.login(username, Accounts.PASSWORD);
		double before = verifications();
		List<Integer> statuses = new ArrayList<>();
		long t0 = System.nanoTime();
		for (int i = 0; i < 40; i++) {
			statuses.add(changePassword(token, "wrong current " + i, "a fresh new passphrase " + i).status());
		}
		System.out.printf("40 wrong current passwords in %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, statuses);
		assertThat(verifications() - before).isLessThanOrEqualTo(LIMIT);
		assertThat(statuses.subList(0, LIMIT)).containsOnly(400);
		assertThat(statuses.subList(LIMIT, 40)).containsOnly(429);

		Api.Response right = changePassword(token, Accounts.PASSWORD, "a fresh new passphrase");
		assertThat(right.status()).isEqualTo(429);
		assertThat(right.contentType()).startsWith("application/problem+json");
		assertThat(Long.parseLong(right.header("Retry-After"))).isPositive();
		assertThat(deleteMe(token, Accounts.PASSWORD).status()).isEqualTo(429);
		// the same bucket as login
		Api.Response login = login(username, Accounts.PASSWORD);
		assertThat(login.status()).isEqualTo(401);
		assertThat(login.header("Retry-After")).isNotNull();
		assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
	}

	@Test
	void aLockedLoginAlsoLocksPasswordChangeAndDeletion() {
		String token = api.login(username, Accounts.PASSWORD);
		for (int i = 0; i < LIMIT; i++) {
			login(username + "@example.com", "wrong " + i);
		}
		assertThat(deleteMe(token, "wrong").status()).isEqualTo(429);
		assertThat(deleteMe(token, Accounts.PASSWORD).status()).isEqualTo(429);
		assertThat(changePassword(token, Accounts.PASSWORD, "a fresh new passphrase").status()).isEqualTo(429);
		assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
	}

	private static String kind(Burst.Answer answer) {
		return switch (answer.status()) {
			case 200 -> "ok";
			case 401 -> answer.header("Retry-After") == null ? "failed" : "locked";
			case 503 -> "shed";
			default -> "status " + answer.status();
		};
	}

	private static String fullwidth(String ascii) {
		StringBuilder out = new StringBuilder();
		ascii.chars().forEach(c -> out.appendCodePoint(c >= '!' && c <= '~' ? c - '!' + 0xFF01 : c));
		return out.toString();
	}

	Api.Response login(String identifier, String password) {
		return api.post("/api/v1/login", Map.of("username", identifier, "password", password));
	}

	private Api.Response changePassword(String token, String current, String next) {
		return api.send(HttpRequest.newBuilder(api.uri("/api/v1/me/password"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers
				.ofString(Api.toJson(Map.of("current_password", current, "new_password", next)))));
	}

	private Api.Response deleteMe(String token, String password) {
		return api.send(HttpRequest.newBuilder(api.uri("/api/v1/me"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method("DELETE", HttpRequest.BodyPublishers.ofString(Api.toJson(Map.of("password", password)))));
	}

	double verifications() {
		return meters.get("authstack.password.verifications").counter().count();
	}

}
