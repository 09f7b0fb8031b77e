package dev.authstack.account;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Brings the stored normalised names in line with {@link Identifier#normalize} at start.
 * SQL can compute them exactly for ASCII names only (lower() with the "C" collation);
 * migration V6 and its trigger fill in lower() as a stand-in, which this rewrites for the
 * names that need Java: any with a non-ASCII character, or an ASCII one whose stand-in
 * came out differently (a database whose locale lower-cases I to ı). A row changed
 * meanwhile is left to the change that won.
 */
@Component
class NormalizedIdentifiers implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(NormalizedIdentifiers.class);

	static final String CANDIDATES = """
			SELECT id, username, email, username_normalized, email_normalized FROM accounts
			WHERE octet_length(username) <> char_length(username) OR octet_length(email) <> char_length(email)
			   OR username_normalized <> lower(username COLLATE "C") OR email_normalized <> lower(email COLLATE "C")
			""";

	private final JdbcTemplate jdbc;

	NormalizedIdentifiers(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void run(ApplicationArguments args) {
		rewrite();
	}

	/** How many rows were rewritten. */
	int rewrite() {
		List<Row> rows = jdbc.query(CANDIDATES,
				(rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
		int rewritten = 0;
		for (Row row : rows) {
			String username = Identifier.normalize(row.username());
			String email = Identifier.normalize(row.email());
			if (username.equals(row.usernameNormalized()) && email.equals(row.emailNormalized())) {
				continue;
			}
			try {
				rewritten += jdbc.update(
						"UPDATE accounts SET username_normalized = ?, email_normalized = ? WHERE id = ? AND username = ? AND email = ?",
						username, email, row.id(), row.username(), row.email());
			}
			catch (DataIntegrityViolationException ex) {
				// two accounts that only Java's normalisation finds equal: an operator
				// must decide
				log.error("Account {} keeps its old normalised name: another account has the same name or email "
						+ "once normalised (NFKC + case folding); rename one of them", row.id());
			}
		}
		if (rewritten > 0) {
			log.info("Normalised names of {} accounts rewritten to the service's normalisation", rewritten);
		}
		return rewritten;
	}

	private record Row(long id, String username, String email, String usernameNormalized, String emailNormalized) {
	}

}
