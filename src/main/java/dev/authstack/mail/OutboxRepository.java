package dev.authstack.mail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The outbox table in SQL. Times come from the database's clock, so replicas whose clocks
 * differ agree on what is due and on whose lease has run out.
 */
@Repository
class OutboxRepository {

	static final String PENDING = "pending";

	static final String SENT = "sent";

	static final String FAILED = "failed";

	static final String DROPPED = "dropped";

	static final String EXPIRED = "expired";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	OutboxRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	long insert(OutgoingMail mail, String locale, String messageId, String requestId) {
		Long id = jdbc.queryForObject("""
				insert into mail_outbox (kind, recipient, params, locale, message_id, request_id, status, attempts,
				                         created_at, next_attempt_at, expires_at)
				values (?, ?, ?, ?, ?, ?, 'pending', 0, clock_timestamp(), clock_timestamp(), ?)
				returning id""", Long.class, mail.kind(), mail.recipient(), json.writeValueAsString(mail.params()),
				locale, messageId, requestId, mail.expiresAt() == null ? null : Timestamp.from(mail.expiresAt()));
		return id;
	}

	/**
	 * Takes the oldest due message for {@code lease}: no other replica sees it until the
	 * lease has run out (SKIP LOCKED passes over a row another claim is taking at this
	 * moment).
	 */
	Optional<Claimed> claim(UUID leaseId, Duration lease) {
		List<Claimed> claimed = jdbc.query("""
				update mail_outbox
				   set lease_until = clock_timestamp() + ? * interval '1 millisecond', lease_id = ?,
				       attempts = attempts + 1
				 where id = (select id from mail_outbox
				              where status = 'pending' and next_attempt_at <= clock_timestamp()
				                and (lease_until is null or lease_until < clock_timestamp())
				              order by next_attempt_at, id
				              limit 1
				              for update skip locked)
				returning id, kind, recipient, params, locale, message_id, request_id, attempts, created_at,
				          expires_at is not null and expires_at < clock_timestamp() as expired""",
				(rs, row) -> claimed(rs, leaseId), lease.toMillis(), leaseId);
		return claimed.stream().findFirst();
	}

	private static Claimed claimed(ResultSet rs, UUID leaseId) throws SQLException {
		String params = rs.getString("params");
		return new Claimed(rs.getLong("id"), leaseId, rs.getString("kind"), rs.getString("recipient"),
				params == null ? Map.of() : json.readValue(params, PARAMS), rs.getString("locale"),
				rs.getString("message_id"), rs.getString("request_id"), rs.getInt("attempts"),
				rs.getTimestamp("created_at").toInstant(), rs.getBoolean("expired"));
	}

	/**
	 * Done: what the message was made from (and, if it was never sent, whom it was for)
	 * is cleared.
	 */
	boolean finish(Claimed message, String status, String error) {
		boolean keepRecipient = status.equals(SENT) || status.equals(FAILED);
		return jdbc.update("""
				update mail_outbox
				   set status = ?, done_at = clock_timestamp(), params = null, lease_until = null, last_error = ?,
				       recipient = case when ? then recipient else null end
				 where id = ? and lease_id = ? and status = 'pending'""", status, truncate(error), keepRecipient,
				message.id(), message.leaseId()) == 1;
	}

	boolean retryLater(Claimed message, Duration delay, String error) {
		return jdbc.update("""
				update mail_outbox
				   set lease_until = null, lease_id = null, last_error = ?,
				       next_attempt_at = clock_timestamp() + ? * interval '1 millisecond'
				 where id = ? and lease_id = ? and status = 'pending'""", truncate(error), delay.toMillis(),
				message.id(), message.leaseId()) == 1;
	}

	Stats stats() {
		return jdbc.queryForObject("""
				select (select count(*) from mail_outbox where status = 'pending') as pending,
				       (select count(*) from mail_outbox where status = 'failed') as failed,
				       (select extract(epoch from clock_timestamp() - min(created_at)) from mail_outbox
				         where status = 'pending') as oldest,
				       (select last_error from mail_outbox where status = 'pending' and last_error is not null
				         order by next_attempt_at desc limit 1) as last_error""",
				(rs, row) -> new Stats(rs.getLong("pending"), rs.getLong("failed"),
						rs.getObject("oldest") == null ? 0 : rs.getDouble("oldest"), rs.getString("last_error")));
	}

	int deleteDone(Duration retention) {
		return jdbc.update("""
				delete from mail_outbox
				 where status <> 'pending' and done_at < clock_timestamp() - ? * interval '1 millisecond'""",
				retention.toMillis());
	}

	private static String truncate(String error) {
		return error == null || error.length() <= 512 ? error : error.substring(0, 512);
	}

	/** A message this replica holds the lease on. */
	record Claimed(long id, UUID leaseId, String kind, String recipient, Map<String, String> params, String locale,
			String messageId, String requestId, int attempts, Instant createdAt, boolean expired) {

		@Override
		public String toString() {
			return "Claimed[id=" + id + ", kind=" + kind + ", attempts=" + attempts + "]";
		}

	}

	/**
	 * The outbox at a glance: pending and failed counts, the age of the oldest pending
	 * message.
	 */
	record Stats(long pending, long failed, double oldestPendingSeconds, String lastError) {
	}

}
