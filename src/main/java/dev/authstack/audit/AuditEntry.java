package dev.authstack.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One written audit event, as the schema model sees it. Never holds a password or a
 * token.
 */
@Entity
@Table(name = "audit_events")
class AuditEntry {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "occurred_at", nullable = false)
	private Instant occurredAt;

	@Column(nullable = false, length = 64)
	private String action;

	@Column(nullable = false, length = 16)
	private String outcome;

	@Column(name = "actor_id")
	private Long actorId;

	@Column(length = 254)
	private String actor;

	@Column(length = 254)
	private String target;

	@Column(length = 64)
	private String ip;

	@Column(name = "request_id", length = 128)
	private String requestId;

	@Column(length = 1024)
	private String details;

	protected AuditEntry() {
	}

}
