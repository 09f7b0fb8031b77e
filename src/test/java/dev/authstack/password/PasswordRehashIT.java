package dev.authstack.password;

import java.util.Map;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After the Argon2 parameters are raised, a successful login stores a hash with the new
 * ones.
 */
@IntegrationTest
@TestPropertySource(properties = "auth.password.argon2.memory-kib=24576")
class PasswordRehashIT extends RealDatabase {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void successfulLoginUpgradesAnOldHash() {
		String username = Accounts.uniqueName("rehash");
		String oldHash = new PasswordHashingConfiguration()
			.passwordEncoder(new PasswordProperties(19456, 2, 1, 16, 32, true, 0, -1, java.time.Duration.ofSeconds(2)))
			.encode(Accounts.PASSWORD);
		jdbc.update("insert into accounts (username, email, password) values (?, ?, ?)", username,
				username + "@example.com", oldHash);
		Api api = new Api(port);

		assertThat(api.post("/api/v1/login", Map.of("username", username, "password", "wrong password")).status())
			.isEqualTo(401);
		assertThat(hash(username)).isEqualTo(oldHash);

		assertThat(api.login(username, Accounts.PASSWORD)).isNotBlank();

		assertThat(hash(username)).startsWith("$argon2id$v=19$m=24576,t=2,p=1$").isNotEqualTo(oldHash);
		assertThat(api.login(username, Accounts.PASSWORD)).isNotBlank();
	}

	@Test
	void aHashOfTheUnnormalisedPasswordStillVerifiesAndIsRewrittenInNfkc() {
		String username = Accounts.uniqueName("nfd");
		String nfd = java.text.Normalizer.normalize("Crème brûlée à la façon", java.text.Normalizer.Form.NFD);
		String nfc = java.text.Normalizer.normalize(nfd, java.text.Normalizer.Form.NFC);
		// what the previous release stored: the password as typed, NFD here
		String legacy = new PasswordHashingConfiguration()
			.passwordEncoder(new PasswordProperties(24576, 2, 1, 16, 32, true, 0, -1, java.time.Duration.ofSeconds(2)))
			.encode(nfd);
		jdbc.update("insert into accounts (username, email, password) values (?, ?, ?)", username,
				username + "@example.com", legacy);
		Api api = new Api(port);
		assertThat(api.post("/api/v1/login", Map.of("username", username, "password", nfc)).status()).isEqualTo(401);

		assertThat(api.login(username, nfd)).isNotBlank();

		assertThat(hash(username)).isNotEqualTo(legacy);
		assertThat(api.login(username, nfc)).isNotBlank();
		assertThat(api.login(username, nfd)).isNotBlank();
	}

	private String hash(String username) {
		return jdbc.queryForObject("select password from accounts where username = ?", String.class, username);
	}

}
