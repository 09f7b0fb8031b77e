package dev.authstack.auth;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A JWT signing key shared by all replicas. The private half never leaves the database.
 */
@Entity
@Table(name = "signing_keys")
class SigningKey {

	@Id
	@Column(length = 64)
	private String kid;

	@Column(nullable = false, length = 16)
	private String algorithm;

	@Column(name = "public_jwk", nullable = false, columnDefinition = "text")
	private String publicJwk;

	@Column(name = "private_key", nullable = false, columnDefinition = "text")
	private String privateKey;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "retired_at")
	private Instant retiredAt;

	protected SigningKey() {
	}

	SigningKey(String kid, String algorithm, String publicJwk, String privateKey, Instant createdAt) {
		this.kid = kid;
		this.algorithm = algorithm;
		this.publicJwk = publicJwk;
		this.privateKey = privateKey;
		this.createdAt = createdAt;
	}

	String kid() {
		return kid;
	}

	String algorithm() {
		return algorithm;
	}

	String privateKey() {
		return privateKey;
	}

	Instant retiredAt() {
		return retiredAt;
	}

	Instant createdAt() {
		return createdAt;
	}

	void retire(Instant now) {
		this.retiredAt = now;
	}

}
