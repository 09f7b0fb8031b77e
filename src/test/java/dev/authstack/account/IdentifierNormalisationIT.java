package dev.authstack.account;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every code point on which PostgreSQL's lower() (in the test database's locale) and Java
 * disagree: an account stored under the spelling lower() gives, looked up under the
 * original code point, is found exactly when the service's normalisation makes the two
 * equal, so the database never finds an account under a spelling whose lockout bucket
 * would be another's. Accounts are written by plain SQL (as a replica of the previous
 * release would), so the trigger's stand-in and the start-up rewrite are exercised too.
 */
@IntegrationTest
class IdentifierNormalisationIT extends RealDatabase {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AccountService accounts;

	@Autowired
	NormalizedIdentifiers normalizedIdentifiers;

	@Test
	void lookupsAgreeWithTheJavaNormalisationOnEveryCodePointWhereLowerDisagrees() {
		Map<Integer, String> pgLower = new HashMap<>();
		jdbc.query("SELECT cp, lower(chr(cp)) FROM generate_series(1, 1114111) AS cp "
				+ "WHERE (cp < 55296 OR cp > 57343) AND lower(chr(cp)) <> chr(cp)", rs -> {
					pgLower.put(rs.getInt(1), rs.getString(2));
				});
		List<Integer> disagreeing = new ArrayList<>();
		for (int cp = 1; cp <= Character.MAX_CODE_POINT; cp++) {
			if (Character.getType(cp) == Character.SURROGATE) {
				continue;
			}
			String c = Character.toString(cp);
			if (!pgLower.getOrDefault(cp, c).equals(c.toLowerCase(Locale.ROOT))) {
				disagreeing.add(cp);
			}
		}
		String collation = jdbc.queryForObject("SELECT datctype FROM pg_database WHERE datname = current_database()",
				String.class);
		System.out.printf("lower() (LC_CTYPE %s) and Java's toLowerCase disagree on %d code points, e.g. %s%n",
				collation, disagreeing.size(),
				disagreeing.stream().limit(12).map(cp -> String.format("U+%04X", cp)).toList());
		assertThat(disagreeing).as("U+0130 is the reported one").contains(0x130);

		String run = UUID.randomUUID().toString().substring(0, 8);
		List<Object[]> rows = new ArrayList<>();
		for (int cp : disagreeing) {
			String stored = pgLower.getOrDefault(cp, Character.toString(cp));
			String name = "n" + run + Integer.toHexString(cp);
			rows.add(new Object[] { name, name + "-" + stored + "@example.com", "$argon2id$unused" });
		}
		jdbc.batchUpdate("INSERT INTO accounts (username, email, password) VALUES (?, ?, ?)", rows);
		normalizedIdentifiers.rewrite();

		List<String> wrong = new ArrayList<>();
		for (int cp : disagreeing) {
			String name = "n" + run + Integer.toHexString(cp);
			String stored = name + "-" + pgLower.getOrDefault(cp, Character.toString(cp)) + "@example.com";
			String variant = name + "-" + Character.toString(cp) + "@example.com";
			boolean same = Identifier.normalize(variant).equals(Identifier.normalize(stored));
			boolean found = accounts.findByIdentifier(variant).filter(a -> a.getUsername().equals(name)).isPresent();
			if (found != same) {
				wrong.add(String.format("U+%04X (found %s, same once normalised %s)", cp, found, same));
			}
			assertThat(accounts.findByIdentifier(stored)).as("stored spelling U+%04X", cp).isPresent();
		}
		assertThat(wrong).isEmpty();
	}

	@Test
	void rowsWrittenWithoutTheColumnsGetTheJavaFormAtStart() {
		String name = "w" + UUID.randomUUID().toString().substring(0, 8);
		// fullwidth letters: lower() leaves them, NFKC makes them ASCII
		String email = "\uFF2D\uFF41\uFF49\uFF4C." + name + "@Example.com";
		jdbc.update("INSERT INTO accounts (username, email, password) VALUES (?, ?, ?)", name, email,
				"$argon2id$unused");
		assertThat(jdbc.queryForObject("SELECT email_normalized FROM accounts WHERE username = ?", String.class, name))
			.as("the trigger's stand-in")
			.isEqualTo(email.toLowerCase(Locale.ROOT));
		assertThat(accounts.findByIdentifier("mail." + name + "@example.com")).isEmpty();

		assertThat(normalizedIdentifiers.rewrite()).isPositive();

		assertThat(jdbc.queryForObject("SELECT email_normalized FROM accounts WHERE username = ?", String.class, name))
			.isEqualTo("mail." + name + "@example.com");
		assertThat(accounts.findByIdentifier("MAIL." + name + "@example.com")).isPresent();
		assertThat(normalizedIdentifiers.rewrite()).as("nothing left to do").isZero();
	}

}
