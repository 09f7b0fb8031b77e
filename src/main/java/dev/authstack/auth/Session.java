package dev.authstack.auth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

import dev.authstack.account.Account;

/**
 * One sign-in: the family of refresh tokens it rotates through and the access tokens they
 * mint. Its row outlives the account's deletion (revoked, with no account), so every
 * replica can tell the tokens of a deleted account are dead. Revocations and account
 * changes are bulk updates that raise {@code stateVersion} in SQL (see
 * {@link SessionRepository}); the entity only ever writes the columns it changed, so a
 * concurrent refresh cannot write a revoked row back alive.
 */
@Entity
@Table(name = "sessions")
@DynamicUpdate
class Session {

	@Id
	private UUID id;

	@ManyToOne
	@JoinColumn(name = "account_id")
	private Account account;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "last_used_at", nullable = false)
	private Instant lastUsedAt;

	@Column(name = "expires_at", nullable = false)
	private Instant expiresAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	@Column(name = "revoked_reason", length = 32)
	private String revokedReason;

	@Column(name = "user_agent", length = 512)
	private String userAgent;

	@Column(length = 64)
	private String ip;

	@Column(name = "state_changed_at", nullable = false)
	private Instant stateChangedAt;

	@Column(name = "state_version", nullable = false)
	private long stateVersion;

	protected Session() {
	}

	Session(Account account, Instant now, Instant expiresAt, String userAgent, String ip) {
		this.id = UUID.randomUUID();
		this.account = account;
		this.createdAt = now;
		this.lastUsedAt = now;
		this.expiresAt = expiresAt;
		this.stateChangedAt = now;
		this.userAgent = userAgent == null || userAgent.length() <= 512 ? userAgent : userAgent.substring(0, 512);
		this.ip = ip;
	}

	UUID id() {
		return id;
	}

	/** The account, or null once it was deleted. */
	Account account() {
		return account;
	}

	Instant createdAt() {
		return createdAt;
	}

	Instant lastUsedAt() {
		return lastUsedAt;
	}

	Instant expiresAt() {
		return expiresAt;
	}

	String userAgent() {
		return userAgent;
	}

	String ip() {
		return ip;
	}

	boolean active(Instant now) {
		return revokedAt == null && expiresAt.isAfter(now);
	}

	void used(Instant now, Instant expiresAt, String ip) {
		this.lastUsedAt = now;
		this.expiresAt = expiresAt;
		if (ip != null) {
			this.ip = ip;
		}
	}

}
