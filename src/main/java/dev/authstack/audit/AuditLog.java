package dev.authstack.audit;

import java.sql.Timestamp;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes the audit trail: who did what, when, from which address, under which request id.
 * Its own transaction, so a failure that rolls back the work is still recorded; a failure
 * to audit is logged and never breaks the request.
 */
@Service
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	private final JdbcTemplate jdbc;

	AuditLog(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the event, with the time, the client's address and the request id added
	 * here.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void record(AuditEvent event) {
		try {
			jdbc.update(
					"insert into audit_events (occurred_at, action, outcome, actor_id, actor, target, ip, request_id, details)"
							+ " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
					Timestamp.from(Instant.now()), event.action().value(), event.outcome().value(), event.actorId(),
					truncate(event.actor(), 254), truncate(event.target(), 254), clientIp(),
					truncate(MDC.get("request_id"), 128), truncate(event.details(), 1024));
		}
		catch (RuntimeException ex) {
			log.error("Could not write audit event {} ({})", event.action().value(), ex.getClass().getSimpleName());
		}
	}

	private static String clientIp() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			return truncate(request.getRemoteAddr(), 64);
		}
		return null;
	}

	private static String truncate(String value, int max) {
		return value == null || value.length() <= max ? value : value.substring(0, max);
	}

}
