package dev.authstack.mail;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The outbox's state for metrics and the "mail" health component: pending and failed
 * messages and the age of the oldest pending one. One query serves every reader for a few
 * seconds, so scrapes and health probes cost the database little. Health is DOWN while a
 * message has been pending longer than {@code maxPendingAge} (mail is stuck: the SMTP
 * server is down or refuses), UP otherwise; readiness does not include it, since serving
 * requests does not need mail.
 */
@Component("mailHealthIndicator")
class OutboxStatus implements HealthIndicator {

	private static final long CACHE_NANOS = Duration.ofSeconds(5).toNanos();

	private final OutboxRepository outbox;

	private final MailTransports transports;

	private final Duration maxPendingAge;

	private volatile OutboxRepository.Stats cached;

	private volatile long cachedAt;

	OutboxStatus(OutboxRepository outbox, MailTransports transports, MailProperties properties, MeterRegistry meters) {
		this.outbox = outbox;
		this.transports = transports;
		this.maxPendingAge = properties.worker().maxPendingAge();
		Gauge.builder("authstack.mail.outbox.messages", this, status -> status.value(OutboxRepository.Stats::pending))
			.description(
					"Outbox messages by status: pending (queued or waiting for a retry), failed (given up, kept for the retention period)")
			.tag("status", "pending")
			.register(meters);
		Gauge.builder("authstack.mail.outbox.messages", this, status -> status.value(OutboxRepository.Stats::failed))
			.tag("status", "failed")
			.register(meters);
		Gauge
			.builder("authstack.mail.outbox.oldest.pending.age", this,
					status -> status.value(OutboxRepository.Stats::oldestPendingSeconds))
			.description("Age of the oldest message still waiting to be sent (0 when none is)")
			.baseUnit("seconds")
			.register(meters);
	}

	private double value(java.util.function.ToDoubleFunction<OutboxRepository.Stats> field) {
		return stats().map(field::applyAsDouble).orElse(Double.NaN);
	}

	Optional<OutboxRepository.Stats> stats() {
		long now = System.nanoTime();
		OutboxRepository.Stats stats = cached;
		if (stats != null && now - cachedAt < CACHE_NANOS) {
			return Optional.of(stats);
		}
		try {
			stats = outbox.stats();
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
		cached = stats;
		cachedAt = now;
		return Optional.of(stats);
	}

	@Override
	public Health health() {
		Optional<MailTransport> transport = transports.transport();
		if (transport.isEmpty()) {
			return Health.unknown().withDetail("transport", "none").build();
		}
		Optional<OutboxRepository.Stats> stats = stats();
		if (stats.isEmpty()) {
			return Health.down()
				.withDetail("transport", transport.get().describe())
				.withDetail("outbox", "unreachable")
				.build();
		}
		OutboxRepository.Stats s = stats.get();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("transport", transport.get().describe());
		details.put("pending", s.pending());
		details.put("failed", s.failed());
		details.put("oldestPendingSeconds", Math.round(s.oldestPendingSeconds()));
		if (s.lastError() != null) {
			details.put("lastError", s.lastError());
		}
		boolean stuck = s.oldestPendingSeconds() > maxPendingAge.toSeconds();
		return (stuck ? Health.down() : Health.up()).withDetails(details).build();
	}

}
