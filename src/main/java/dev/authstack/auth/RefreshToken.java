package dev.authstack.auth;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A refresh token, kept only as its SHA-256; {@code usedAt} is set when it is rotated.
 */
@Entity
@Table(name = "refresh_tokens")
class RefreshToken {

	@Id
	@Column(name = "token_hash", length = 64)
	private String tokenHash;

	@ManyToOne(optional = false)
	@JoinColumn(name = "session_id", nullable = false)
	private Session session;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "expires_at", nullable = false)
	private Instant expiresAt;

	@Column(name = "used_at")
	private Instant usedAt;

	protected RefreshToken() {
	}

	RefreshToken(String tokenHash, Session session, Instant createdAt, Instant expiresAt) {
		this.tokenHash = tokenHash;
		this.session = session;
		this.createdAt = createdAt;
		this.expiresAt = expiresAt;
	}

	Session session() {
		return session;
	}

	Instant expiresAt() {
		return expiresAt;
	}

	Instant usedAt() {
		return usedAt;
	}

}
