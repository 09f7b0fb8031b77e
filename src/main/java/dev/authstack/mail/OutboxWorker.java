package dev.authstack.mail;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the outbox, on one thread per replica. It claims one due message at a time
 * (any replica may hold any message, none holds it twice), has its composer make it,
 * sends it and marks it sent; a failed attempt is tried again after a backoff that
 * doubles, up to the configured number of attempts. While the transport fails, the worker
 * stops the round after the failure instead of trying every other message against a
 * server that is down. It wakes at once when a transaction that queued mail commits, and
 * otherwise looks every poll interval, which is also how messages queued on other
 * replicas, retries and expired leases are picked up.
 */
@Component
class OutboxWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);

	/** Messages handled in one round before the worker looks at the clock again. */
	private static final int ROUND = 200;

	private final OutboxRepository outbox;

	private final MailTransports transports;

	private final MailRenderer renderer;

	private final Map<String, MailComposer> composers = new HashMap<>();

	private final MailProperties.Worker properties;

	private final TransactionTemplate transaction;

	private final Object signal = new Object();

	private final Counter sent;

	private final Counter retried;

	private final Counter failed;

	private final Counter dropped;

	private final Counter expired;

	private final Timer latency;

	private boolean woken;

	private volatile boolean running;

	private volatile Thread thread;

	private volatile boolean transportFailing;

	private volatile boolean databaseFailing;

	private long lastCleanup;

	OutboxWorker(OutboxRepository outbox, MailTransports transports, MailRenderer renderer,
			List<MailComposer> composers, MailProperties properties, PlatformTransactionManager transactions,
			MeterRegistry meters) {
		this.outbox = outbox;
		this.transports = transports;
		this.renderer = renderer;
		for (MailComposer composer : composers) {
			if (this.composers.put(composer.kind(), composer) != null) {
				throw new IllegalStateException("Two mail composers for kind " + composer.kind());
			}
		}
		this.properties = properties.worker();
		this.transaction = new TransactionTemplate(transactions);
		this.sent = deliveries(meters, "sent");
		this.retried = deliveries(meters, "retried");
		this.failed = deliveries(meters, "failed");
		this.dropped = deliveries(meters, "dropped");
		this.expired = deliveries(meters, "expired");
		this.latency = Timer.builder("authstack.mail.delivery.latency")
			.description("From queueing a message to the transport accepting it")
			.publishPercentiles(0.5, 0.9, 0.99)
			.register(meters);
	}

	private static Counter deliveries(MeterRegistry meters, String result) {
		return Counter.builder("authstack.mail.deliveries")
			.description(
					"Outbox delivery attempts by result: sent, retried (failed, tried again later), failed (given up), dropped (nothing to send), expired")
			.tag("result", result)
			.register(meters);
	}

	boolean knows(String kind) {
		return composers.containsKey(kind);
	}

	/** Called after a transaction that queued mail committed. */
	void wake() {
		synchronized (signal) {
			woken = true;
			signal.notifyAll();
		}
	}

	@Override
	public void start() {
		if (!properties.enabled() || transports.transport().isEmpty()) {
			log.info("Outbox worker not started ({})", properties.enabled() ? "no mail transport" : "disabled");
			return;
		}
		running = true;
		Thread worker = new Thread(this::loop, "mail-outbox");
		worker.setDaemon(true);
		thread = worker;
		worker.start();
	}

	@Override
	public void stop() {
		running = false;
		Thread worker = thread;
		if (worker == null) {
			return;
		}
		wake();
		try {
			// a message being sent is finished (its timeouts bound the wait); its lease
			// covers a kill
			worker.join(TimeUnit.SECONDS.toMillis(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		thread = null;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		// stops before the web server and the connection pool it needs
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	private void loop() {
		while (running) {
			boolean more;
			try {
				more = round();
				if (databaseFailing) {
					databaseFailing = false;
					log.info("Outbox reachable again");
				}
			}
			catch (DataAccessException ex) {
				if (!databaseFailing) {
					databaseFailing = true;
					log.warn("Outbox unreachable ({}); messages stay queued, retrying every {}",
							ex.getClass().getSimpleName(), properties.pollInterval());
				}
				more = false;
			}
			catch (RuntimeException ex) {
				log.error("Outbox worker round failed", ex);
				more = false;
			}
			if (!more) {
				await(properties.pollInterval());
			}
		}
	}

	private void await(Duration timeout) {
		synchronized (signal) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!woken && running) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					break;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(signal, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					running = false;
				}
			}
			woken = false;
		}
	}

	/** Delivers due messages; true when there may be more right away. */
	boolean round() {
		cleanupNowAndThen();
		for (int i = 0; i < ROUND && running; i++) {
			Optional<OutboxRepository.Claimed> claimed = outbox.claim(UUID.randomUUID(), properties.lease());
			if (claimed.isEmpty()) {
				return false;
			}
			if (!deliver(claimed.get())) {
				return false;
			}
		}
		return running;
	}

	/**
	 * Handles one claimed message; false when the transport failed and the round should
	 * end.
	 */
	boolean deliver(OutboxRepository.Claimed message) {
		String previousRequestId = MDC.get("request_id");
		if (message.requestId() != null) {
			// the request that queued the message: its logs and audit events carry the
			// same id
			MDC.put("request_id", message.requestId());
		}
		try {
			return attempt(message);
		}
		finally {
			if (previousRequestId == null) {
				MDC.remove("request_id");
			}
			else {
				MDC.put("request_id", previousRequestId);
			}
		}
	}

	private boolean attempt(OutboxRepository.Claimed message) {
		if (message.expired()) {
			finish(message, OutboxRepository.EXPIRED, "expired before it could be sent");
			expired.increment();
			return true;
		}
		MailComposer composer = composers.get(message.kind());
		MailTransport transport = transports.transport().orElse(null);
		if (composer == null || transport == null) {
			finish(message, OutboxRepository.FAILED,
					composer == null ? "no composer for kind " + message.kind() : "no mail transport");
			failed.increment();
			return true;
		}
		Locale locale = message.locale() == null ? Locale.ENGLISH : Locale.forLanguageTag(message.locale());
		PendingMail pending = new PendingMail(message.id(), message.kind(), message.recipient(), message.params(),
				locale, message.createdAt(), message.attempts());
		Optional<ComposedMail> composed;
		try {
			composed = transaction.execute(status -> composer.compose(pending));
		}
		catch (RuntimeException ex) {
			log.warn("Mail {} ({}) could not be composed: {}", message.id(), message.kind(),
					ex.getClass().getSimpleName());
			failedAttempt(message,
					new DeliveryException("composing failed: " + ex.getClass().getSimpleName(), false, ex));
			return true;
		}
		if (composed == null || composed.isEmpty()) {
			finish(message, OutboxRepository.DROPPED, null);
			dropped.increment();
			log.debug("Mail {} ({}) had nothing to send", message.id(), message.kind());
			return true;
		}
		long start = System.nanoTime();
		try {
			MimeMessage mime = renderer.render(transport.session(), composed.get(), locale, message.messageId());
			transport.send(mime, fileName(message));
		}
		catch (DeliveryException ex) {
			failedAttempt(message, ex);
			if (!ex.permanent()) {
				transportFailed(ex);
				return false;
			}
			return true;
		}
		transportWorks();
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		if (!finish(message, OutboxRepository.SENT, null)) {
			log.warn("Mail {} ({}) was sent, but its lease had run out: another replica may send it again",
					message.id(), message.kind());
		}
		sent.increment();
		latency.record(Duration.between(message.createdAt(), java.time.Instant.now()));
		log.info("Mail {} ({}) sent by {} in {} ms (attempt {})", message.id(), message.kind(), transport.kind(),
				millis, message.attempts());
		return true;
	}

	private void failedAttempt(OutboxRepository.Claimed message, DeliveryException ex) {
		String error = ex.getMessage();
		if (ex.permanent() || message.attempts() >= properties.maxAttempts()) {
			finish(message, OutboxRepository.FAILED, error);
			failed.increment();
			log.warn("Mail {} ({}) not sent, giving up after {} attempt(s): {}", message.id(), message.kind(),
					message.attempts(), error);
			return;
		}
		Duration delay = backoff(message.attempts());
		outbox.retryLater(message, delay, error);
		retried.increment();
		log.debug("Mail {} ({}) attempt {} failed, next in {}: {}", message.id(), message.kind(), message.attempts(),
				delay, error);
	}

	/**
	 * initialBackoff × 2^(attempts-1), at most maxBackoff, ±20 % so retries of many
	 * messages spread.
	 */
	Duration backoff(int attempts) {
		long initial = properties.initialBackoff().toMillis();
		long max = properties.maxBackoff().toMillis();
		long delay = initial << Math.min(Math.max(attempts - 1, 0), 30);
		if (delay <= 0 || delay > max) {
			delay = max;
		}
		double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
		return Duration.ofMillis(Math.max(1, (long) (delay * jitter)));
	}

	private boolean finish(OutboxRepository.Claimed message, String status, String error) {
		return outbox.finish(message, status, error);
	}

	private void transportFailed(DeliveryException ex) {
		if (!transportFailing) {
			transportFailing = true;
			log.warn("Mail delivery failing ({}); messages stay queued and are retried", ex.getMessage());
		}
	}

	private void transportWorks() {
		if (transportFailing) {
			transportFailing = false;
			log.info("Mail delivery works again");
		}
	}

	private void cleanupNowAndThen() {
		long now = System.nanoTime();
		if (lastCleanup != 0 && now - lastCleanup < TimeUnit.MINUTES.toNanos(10)) {
			return;
		}
		lastCleanup = now;
		int deleted = outbox.deleteDone(properties.retention());
		if (deleted > 0) {
			log.info("{} done outbox message(s) older than {} deleted", deleted, properties.retention());
		}
	}

	private static String fileName(OutboxRepository.Claimed message) {
		return String.format("%s-%08d-%s",
				java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
					.withZone(java.time.ZoneOffset.UTC)
					.format(message.createdAt()),
				message.id(), message.kind().replaceAll("[^a-z0-9_-]", "_"));
	}

}
