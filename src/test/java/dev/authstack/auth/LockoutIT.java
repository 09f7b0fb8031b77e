package dev.authstack.auth;

import java.util.Map;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-identifier lockout with the shipped defaults: 5 failures in 15 minutes lock for 1
 * minute.
 */
@IntegrationTest
class LockoutIT extends RealDatabase {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	JdbcTemplate jdbc;

	Api api;

	String username;

	@BeforeEach
	void setUp() {
		api = new Api(port);
		username = Accounts.uniqueName("lock");
		assertThat(api.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
	}

	@Test
	void locksAfterFiveFailuresWithRetryAfterAndComputesNoHashWhileLocked() {
		Api.Response normalFailure = null;
		for (int i = 0; i < 5; i++) {
			normalFailure = login(username, "wrong password " + i);
			assertThat(normalFailure.status()).isEqualTo(401);
			assertThat(normalFailure.header("Retry-After")).isNull();
		}
		double hashesBefore = verifications();

		Api.Response locked = login(username, Accounts.PASSWORD);

		assertThat(locked.status()).isEqualTo(401);
		assertThat(locked.body()).isEqualTo(normalFailure.body());
		assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 60L);
		assertThat(verifications()).isEqualTo(hashesBefore);
		assertThat(jdbc.queryForObject("select count(*) from audit_events where action = 'lockout' and target = ?",
				Long.class, username))
			.isOne();
	}

	@Test
	void unknownIdentifiersAreCountedAndLockedTheSameWay() {
		String ghost = Accounts.uniqueName("ghost");
		for (int i = 0; i < 5; i++) {
			assertThat(login(ghost, "whatever " + i).header("Retry-After")).isNull();
		}
		double hashesBefore = verifications();

		Api.Response locked = login(ghost, "whatever");

		assertThat(locked.status()).isEqualTo(401);
		assertThat(locked.header("Retry-After")).isNotNull();
		assertThat(verifications()).isEqualTo(hashesBefore);
	}

	@Test
	void theIdentifierIsNormalisedSoCaseChangesDoNotEscapeTheCount() {
		for (int i = 0; i < 5; i++) {
			login(i % 2 == 0 ? username.toUpperCase() : " " + username, "wrong " + i);
		}
		assertThat(login(username, Accounts.PASSWORD).header("Retry-After")).isNotNull();
	}

	@Test
	void aSuccessfulLoginResetsTheCount() {
		for (int i = 0; i < 4; i++) {
			login(username, "wrong " + i);
		}
		assertThat(login(username, Accounts.PASSWORD).status()).isEqualTo(200);
		for (int i = 0; i < 4; i++) {
			assertThat(login(username, "wrong again " + i).header("Retry-After")).isNull();
		}
		assertThat(login(username, Accounts.PASSWORD).status()).isEqualTo(200);
	}

	private Api.Response login(String identifier, String password) {
		return api.post("/api/v1/login", Map.of("username", identifier, "password", password));
	}

	private double verifications() {
		return meters.get("authstack.password.verifications").counter().count();
	}

}
