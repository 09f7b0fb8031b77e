package dev.authstack.mail;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The outbox table as the schema model sees it (the migration tool compares it with the
 * database); {@link OutboxRepository} reads and writes it in SQL.
 */
@Entity
@Table(name = "mail_outbox")
class OutboxMessage {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, length = 64)
	private String kind;

	@Column(length = 254)
	private String recipient;

	@Column(columnDefinition = "text")
	private String params;

	@Column(length = 35)
	private String locale;

	@Column(name = "message_id", nullable = false)
	private String messageId;

	@Column(name = "request_id", length = 128)
	private String requestId;

	@Column(nullable = false, length = 16)
	private String status;

	@Column(nullable = false)
	private int attempts;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "next_attempt_at", nullable = false)
	private Instant nextAttemptAt;

	@Column(name = "expires_at")
	private Instant expiresAt;

	@Column(name = "lease_until")
	private Instant leaseUntil;

	@Column(name = "lease_id")
	private UUID leaseId;

	@Column(name = "last_error", length = 512)
	private String lastError;

	@Column(name = "done_at")
	private Instant doneAt;

	protected OutboxMessage() {
	}

}
