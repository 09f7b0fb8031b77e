package dev.authstack.account;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.authstack.system.OpaqueTokens;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tokens in mailed links: 256 random bits, base64url, stored only as SHA-256 (a token
 * of that much entropy needs no slow hash). Minting one for a purpose voids the account's
 * earlier unused tokens of that purpose, so only the newest link works; redeeming marks
 * it used in one UPDATE, so of two requests racing with one token exactly one wins (the
 * second waits for the first's row lock and then finds it used).
 */
@Component
class AccountTokens {

	private final JdbcTemplate jdbc;

	AccountTokens(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	enum Purpose {

		VERIFY_EMAIL, PASSWORD_RESET, EMAIL_CHANGE, EMAIL_CHANGE_UNDO;

		String column() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** The account and address a redeemed token speaks for. */
	record Redeemed(long accountId, String email) {
	}

	/**
	 * A fresh token for {@code email}; the account's other unused tokens of this purpose
	 * stop working.
	 */
	String mint(long accountId, Purpose purpose, String email, Duration ttl) {
		String token = OpaqueTokens.newToken();
		// what can never be redeemed again goes, and so do the older links of this
		// purpose
		jdbc.update("""
				delete from account_tokens
				 where account_id = ? and (purpose = ? or used_at is not null or expires_at < clock_timestamp())""",
				accountId, purpose.column());
		jdbc.update("""
				insert into account_tokens (token_hash, account_id, purpose, email, created_at, expires_at)
				values (?, ?, ?, ?, clock_timestamp(), clock_timestamp() + ? * interval '1 millisecond')""",
				hash(token), accountId, purpose.column(), email, ttl.toMillis());
		return token;
	}

	/**
	 * Whether the token could be redeemed now (no side effect): lets a caller skip costly
	 * work for junk.
	 */
	boolean redeemable(String token, Purpose purpose) {
		if (!wellFormed(token)) {
			return false;
		}
		Integer count = jdbc.queryForObject("""
				select count(*) from account_tokens
				 where token_hash = ? and purpose = ? and used_at is null and expires_at > clock_timestamp()""",
				Integer.class, hash(token), purpose.column());
		return count != null && count > 0;
	}

	/**
	 * Marks the token used; empty when it is unknown, malformed, expired, used or of
	 * another purpose.
	 */
	Optional<Redeemed> redeem(String token, Purpose purpose) {
		if (!wellFormed(token)) {
			return Optional.empty();
		}
		List<Redeemed> redeemed = jdbc.query("""
				update account_tokens set used_at = clock_timestamp()
				 where token_hash = ? and purpose = ? and used_at is null and expires_at > clock_timestamp()
				returning account_id, email""", (rs, row) -> new Redeemed(rs.getLong(1), rs.getString(2)), hash(token),
				purpose.column());
		return redeemed.stream().findFirst();
	}

	/** Voids the account's unused tokens of these purposes. */
	void invalidate(long accountId, Purpose... purposes) {
		for (Purpose purpose : purposes) {
			jdbc.update(
					"update account_tokens set used_at = clock_timestamp() where account_id = ? and purpose = ? and used_at is null",
					accountId, purpose.column());
		}
	}

	/** 43 base64url characters, as {@link #mint} makes them. */
	static boolean wellFormed(String token) {
		if (token == null || token.length() != 43) {
			return false;
		}
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
				return false;
			}
		}
		return true;
	}

	static String hash(String token) {
		return OpaqueTokens.sha256Hex(token);
	}

}
