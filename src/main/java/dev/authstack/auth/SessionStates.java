package dev.authstack.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.authstack.database.ReadRetry;
import dev.authstack.security.LiveSession;
import dev.authstack.security.LiveSessions;
import dev.authstack.security.SessionCheckUnavailableException;
import dev.authstack.store.InMemorySharedStore;
import dev.authstack.store.NearCache;
import dev.authstack.store.NearCaches;
import dev.authstack.store.SharedStore;
import dev.authstack.store.SharedStoreDisconnected;
import dev.authstack.store.SharedStoreReconnected;
import dev.authstack.store.SharedStoreUnavailableException;
import dev.authstack.system.TransientFaults;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The allow-list behind every authenticated request. PostgreSQL decides whether a session
 * is alive; the shared store (Redis across replicas, a map in-process) keeps a
 * read-through copy of that decision, so a request costs one store lookup, and with Redis
 * each replica remembers the copies it read in a {@link NearCache}, dropped on every
 * replica when a copy changes. A session with no copy is read from PostgreSQL, so a store
 * that restarted empty, a service that restarted, or a purged row can only ever make a
 * token count as ended, never as alive.
 * <p>
 * Changes (logout, revoke, password change, disable, delete, role change) raise the
 * session row's version in PostgreSQL; once committed, the new state is read back and
 * replaces the copy unless the copy already holds a higher version. Readers fill a
 * missing copy only if it is still missing. So no ordering of readers, writers and
 * resyncs can put an older state over a newer one. A copy that could not be written, a
 * dropped connection, a reconnect (a Redis restart or failover may have lost recent
 * writes) or a fresh start mark the copies as untrusted: until every session changed
 * within the longest token lifetime has been written again from PostgreSQL, this replica
 * asks PostgreSQL directly. When neither answers, the check fails closed (503).
 * <p>
 * A copy that one replica could not write (Redis away from it alone: a partition, a
 * breaker still open after a failover) would leave the other replicas trusting the old
 * copy until that replica reaches Redis again. So with Redis every replica also reads the
 * sessions changed recently from PostgreSQL, every
 * {@code auth.session.change-poll-interval}, and writes the copies that Redis holds
 * older: a change holds on every replica within that interval even when its own replica
 * cannot tell Redis.
 */
@Component
class SessionStates implements LiveSessions, SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(SessionStates.class);

	static final String PREFIX = "authstack:session:";

	/**
	 * How far each read of recent changes reaches back before the previous one began: a
	 * change is stamped by its replica's clock before its transaction commits, so this
	 * covers a late commit and clocks that disagree by up to about this much.
	 */
	static final Duration CHANGE_OVERLAP = Duration.ofSeconds(30);

	private final SharedStore store;

	/** Redis: other replicas may change sessions too (in-process, this one is alone). */
	private final boolean shared;

	private final SessionRepository sessions;

	private final ReadRetry retry;

	/**
	 * This replica's memory of the copies; every replica drops an entry when its copy
	 * changes.
	 */
	private final NearCache<Optional<LiveSession>> near;

	/** Long enough that no token of an ended session outlives its copy. */
	private final Duration endedTtl;

	private final Duration aliveTtl;

	private final Duration resyncInterval;

	/** Bumped by every event that may have left the copies behind PostgreSQL. */
	private final AtomicLong faults = new AtomicLong();

	/**
	 * Copies this replica could not write, newest version per session: replayed from
	 * memory first, so they reach the other replicas as soon as Redis answers again, even
	 * while PostgreSQL (which the full re-write needs) is away.
	 */
	private final ConcurrentMap<UUID, SessionState> unwritten = new ConcurrentHashMap<>();

	/** The {@link #faults} value the last completed resync covered. */
	private volatile long synced;

	private final Duration changePollInterval;

	/**
	 * The version of each recently changed session that Redis is known to hold (written
	 * or read back by this replica): the change poll skips those.
	 */
	private final Cache<UUID, Long> known = Caffeine.newBuilder()
		.expireAfterWrite(CHANGE_OVERLAP.multipliedBy(2))
		.maximumSize(100_000)
		.build();

	/** When the last completed change poll began. */
	private volatile Instant polledFrom = Instant.now();

	private volatile boolean pollFailing;

	private final Counter repaired;

	SessionStates(SharedStore store, SessionRepository sessions, ReadRetry retry, NearCaches nearCaches,
			JwtProperties jwt, SessionProperties properties, MeterRegistry meters) {
		this.store = store;
		this.shared = !(store instanceof InMemorySharedStore);
		this.sessions = sessions;
		this.retry = retry;
		this.near = nearCaches.create("sessions", PREFIX, 100_000);
		Duration longest = jwt.accessTokenTtl().compareTo(properties.pageSessionTtl()) > 0 ? jwt.accessTokenTtl()
				: properties.pageSessionTtl();
		this.endedTtl = longest.plus(jwt.clockSkew()).plusMinutes(1);
		this.aliveTtl = properties.stateCacheTtl();
		this.resyncInterval = properties.resyncInterval();
		this.changePollInterval = properties.changePollInterval();
		this.repaired = Counter.builder("authstack.session.copies.repaired")
			.description("Session copies the change poll wrote because Redis held an older one")
			.register(meters);
		if (shared) {
			// another replica may have changed sessions while this one was not watching
			faults.incrementAndGet();
		}
	}

	@Override
	public Optional<LiveSession> find(UUID sessionId) {
		if (trusted()) {
			try {
				return near.get(PREFIX + sessionId, () -> fromStore(sessionId));
			}
			catch (SharedStoreUnavailableException ex) {
				fault();
			}
		}
		return load(sessionId).live(Instant.now());
	}

	/**
	 * The copy in the shared store; a missing copy is read from PostgreSQL and filled in.
	 */
	private Optional<LiveSession> fromStore(UUID sessionId) {
		Optional<String> copy = store.get(PREFIX + sessionId);
		if (copy.isPresent()) {
			return SessionState.fromCopy(copy.get());
		}
		Instant now = Instant.now();
		SessionState state = load(sessionId);
		// only if still missing: a writer's newer state must win over this read
		store.setIfAbsent(PREFIX + sessionId, state.version() + "|" + state.copy(now),
				state.ttl(now, aliveTtl, endedTtl));
		return state.live(now);
	}

	/**
	 * After the current transaction commits, the copies of these sessions are read again
	 * from PostgreSQL.
	 */
	void changed(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return;
		}
		List<UUID> copy = List.copyOf(ids);
		afterCommit(() -> {
			Instant now = Instant.now();
			for (UUID id : copy) {
				write(load(id), now);
			}
		});
	}

	@EventListener
	void onDisconnected(SharedStoreDisconnected event) {
		fault();
	}

	@EventListener
	void onReconnected(SharedStoreReconnected event) {
		fault();
		resync();
	}

	/**
	 * Schedules {@link #resync} every {@code auth.session.resync-interval}, from the
	 * start, and with Redis {@link #pollChanges} every
	 * {@code auth.session.change-poll-interval} (in-process, every change is in the one
	 * map at once).
	 */
	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::resync, resyncInterval);
		if (shared) {
			registrar.addFixedDelayTask(this::pollChanges, changePollInterval);
		}
	}

	/**
	 * Reads the sessions changed since the previous poll began (less
	 * {@link #CHANGE_OVERLAP}) and writes each copy Redis holds at an older version.
	 * Skipped while the copies are untrusted: requests ask PostgreSQL then, and the
	 * resync re-writes every recent change; the next poll starts where the last completed
	 * one did.
	 */
	void pollChanges() {
		if (!trusted()) {
			return;
		}
		Instant started = Instant.now();
		Instant since = polledFrom.minus(CHANGE_OVERLAP);
		if (since.isBefore(started.minus(endedTtl))) {
			since = started.minus(endedTtl);
		}
		List<SessionState> changed;
		try {
			changed = sessions.findStatesRevisedSince(since);
		}
		catch (RuntimeException ex) {
			if (!TransientFaults.isTransient(ex)) {
				throw ex;
			}
			if (!pollFailing) {
				pollFailing = true;
				log.warn("Recent session changes not read: the database is unavailable; retrying every {} ms",
						changePollInterval.toMillis());
			}
			return;
		}
		if (pollFailing) {
			pollFailing = false;
			log.info("Recent session changes read again from the database");
		}
		try {
			for (SessionState state : changed) {
				Long version = known.getIfPresent(state.id());
				if ((version != null && version >= state.version()) || unwritten.containsKey(state.id())) {
					continue;
				}
				long stored = store.get(PREFIX + state.id()).map(SharedStore::versionOf).orElse(-1L);
				if (stored >= state.version()) {
					known.put(state.id(), stored);
					// a backstop for a near cache that missed the change's message
					near.forget(PREFIX + state.id());
					continue;
				}
				// usually its replica could not write it; rarely this poll came between
				// that replica's commit and its write
				log.debug("Session {} changed in the database but not in Redis; its copy is written from here",
						state.id());
				repaired.increment();
				write(state, started);
			}
		}
		catch (SharedStoreUnavailableException ex) {
			// the copies are untrusted now (find and write mark it); the resync covers
			// them
			fault();
			return;
		}
		polledFrom = started;
	}

	/**
	 * Re-writes every copy that may be stale, from PostgreSQL; until then PostgreSQL
	 * answers.
	 */
	synchronized void resync() {
		long target = faults.get();
		if (synced == target) {
			return;
		}
		Instant now = Instant.now();
		try {
			replayUnwritten(now);
			// no database work while the store is still away
			store.exists(PREFIX + "resync-probe");
			List<SessionState> changed = retry.read(() -> sessions.findStatesChangedSince(now.minus(endedTtl)));
			for (SessionState state : changed) {
				// a change committed meanwhile carries a higher version and is kept
				store.setIfNewer(PREFIX + state.id(), state.version(), state.copy(now),
						state.ttl(now, aliveTtl, endedTtl));
				remember(state);
			}
			// what this replica remembered from before may be what the re-write just
			// replaced
			near.forgetAll();
			if (polledFrom.isBefore(now)) {
				// the re-write covered everything before; the next poll need not read it
				// again
				polledFrom = now;
			}
			synced = target;
			log.info("Session states re-written to the shared store from the database ({} changed recently)",
					changed.size());
		}
		catch (SharedStoreUnavailableException ex) {
			// still away; the next run tries again, PostgreSQL answers meanwhile
		}
		catch (RuntimeException ex) {
			if (!TransientFaults.isTransient(ex)) {
				throw ex;
			}
			log.warn("Session states not re-written yet: the database is unavailable");
		}
	}

	private void replayUnwritten(Instant now) {
		for (SessionState state : unwritten.values()) {
			store.setIfNewer(PREFIX + state.id(), state.version(), state.copy(now), state.ttl(now, aliveTtl, endedTtl));
			unwritten.remove(state.id(), state);
		}
	}

	/** A new session (version 0) is nobody's stale copy and never polled: not kept. */
	private void remember(SessionState state) {
		if (state.version() > 0) {
			known.put(state.id(), state.version());
		}
	}

	boolean trusted() {
		return synced == faults.get();
	}

	private void fault() {
		faults.incrementAndGet();
	}

	private SessionState load(UUID id) {
		try {
			return retry.read(() -> sessions.findState(id)).orElseGet(() -> SessionState.missing(id));
		}
		catch (RuntimeException ex) {
			if (TransientFaults.isTransient(ex)) {
				throw new SessionCheckUnavailableException(ex);
			}
			throw ex;
		}
	}

	private void write(SessionState state, Instant now) {
		try {
			// the store tells the other replicas; this one forgets before the change's
			// response leaves
			store.setIfNewer(PREFIX + state.id(), state.version(), state.copy(now), state.ttl(now, aliveTtl, endedTtl));
			remember(state);
		}
		catch (SharedStoreUnavailableException ex) {
			unwritten.merge(state.id(), state, (older, newer) -> newer.version() >= older.version() ? newer : older);
			fault();
			log.warn(
					"Session {} changed in the database only; the shared store is unreachable, so this replica "
							+ "asks the database, and writes the change again as soon as the store answers",
					state.id());
		}
		finally {
			near.forget(PREFIX + state.id());
		}
	}

	private void afterCommit(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				try {
					action.run();
				}
				catch (SessionCheckUnavailableException ex) {
					// committed, but not readable back: the copies may be stale until the
					// next resync
					fault();
				}
			}
		});
	}

}
