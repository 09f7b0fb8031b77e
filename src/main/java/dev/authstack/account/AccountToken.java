package dev.authstack.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A single-use token mailed to an account, as the schema model sees it;
 * {@link AccountTokens} reads and writes it in SQL. Only the token's SHA-256 is stored.
 */
@Entity
@Table(name = "account_tokens")
class AccountToken {

	@Id
	@Column(name = "token_hash", length = 64)
	private String tokenHash;

	@ManyToOne(optional = false)
	@JoinColumn(name = "account_id", nullable = false)
	private Account account;

	@Column(nullable = false, length = 32)
	private String purpose;

	@Column(nullable = false, length = 254)
	private String email;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "expires_at", nullable = false)
	private Instant expiresAt;

	@Column(name = "used_at")
	private Instant usedAt;

	protected AccountToken() {
	}

}
