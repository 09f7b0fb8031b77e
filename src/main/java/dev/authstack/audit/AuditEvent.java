package dev.authstack.audit;

import java.util.Locale;
import java.util.Objects;

/**
 * One security-relevant event, before it is written: {@code actorId}/{@code actor} are
 * who acted, {@code target} what it touched. Built from {@link #success} or
 * {@link #failure} and the few steps below, so a call reads as a sentence instead of six
 * positional arguments. Never holds a password or a token.
 */
public record AuditEvent(AuditAction action, Outcome outcome, Long actorId, String actor, String target,
		String details) {

	public AuditEvent {
		Objects.requireNonNull(action, "action");
		Objects.requireNonNull(outcome, "outcome");
	}

	public static AuditEvent success(AuditAction action) {
		return new AuditEvent(action, Outcome.SUCCESS, null, null, null, null);
	}

	public static AuditEvent failure(AuditAction action) {
		return new AuditEvent(action, Outcome.FAILURE, null, null, null, null);
	}

	/** Who acted; either may be null (an unknown account). */
	public AuditEvent by(Long actorId, String actor) {
		return new AuditEvent(this.action, this.outcome, actorId, actor, this.target, this.details);
	}

	/** What the event touched: an account's username, a session id. */
	public AuditEvent on(String target) {
		return new AuditEvent(this.action, this.outcome, this.actorId, this.actor, target, this.details);
	}

	/**
	 * An account acting on itself, the common case: actor and target are the same
	 * username.
	 */
	public AuditEvent self(Long accountId, String username) {
		return by(accountId, username).on(username);
	}

	/** A short, secret-free note: the reason of a failure, what an admin changed. */
	public AuditEvent withDetails(String details) {
		return new AuditEvent(this.action, this.outcome, this.actorId, this.actor, this.target, details);
	}

	public enum Outcome {

		SUCCESS, FAILURE;

		/** The stored spelling. */
		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
