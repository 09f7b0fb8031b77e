package dev.authstack.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.authstack.store.SharedStore;
import dev.authstack.store.SharedStoreDisconnected;
import dev.authstack.store.SharedStoreReconnected;
import dev.authstack.store.SharedStoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Revoked sessions, checked on every authenticated request with one lookup in the shared store
 * (Redis across replicas). The database stays the source of truth: while the store is
 * unreachable the check asks PostgreSQL instead (fail closed, never accept a revoked token), and
 * marks that could not be written, or that a restarted Redis lost, are re-written from the
 * database once the store is back.
 */
@Component
class RevocationList {

	private static final Logger log = LoggerFactory.getLogger(RevocationList.class);

	static final String PREFIX = "authstack:revoked:session:";

	private final SharedStore store;

	private final SessionRepository sessions;

	private final Duration markTtl;

	private final AtomicBoolean resyncNeeded = new AtomicBoolean();

	RevocationList(SharedStore store, SessionRepository sessions, JwtProperties jwt, SessionProperties session) {
		this.store = store;
		this.sessions = sessions;
		// a mark must outlive every token the session could have minted
		Duration longest = jwt.accessTokenTtl().compareTo(session.pageSessionTtl()) > 0 ? jwt.accessTokenTtl()
				: session.pageSessionTtl();
		this.markTtl = longest.plus(jwt.clockSkew()).plusMinutes(1);
	}

	void revoke(UUID sessionId) {
		try {
			store.set(PREFIX + sessionId, "1", markTtl);
		}
		catch (SharedStoreUnavailableException ex) {
			resyncNeeded.set(true);
			log.warn("Revocation of session {} recorded in the database only; the shared store is unreachable",
					sessionId);
		}
	}

	boolean isRevoked(String sessionId) {
		UUID id;
		try {
			id = UUID.fromString(sessionId);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			return true;
		}
		if (resyncNeeded.get()) {
			// the store lost its connection since the marks were last known complete
			return !sessions.isUnrevoked(id);
		}
		try {
			return store.exists(PREFIX + id);
		}
		catch (SharedStoreUnavailableException ex) {
			resyncNeeded.set(true);
			return !sessions.isUnrevoked(id);
		}
	}

	/** Redis went away: until the marks are re-written, the database answers. */
	@EventListener
	void onDisconnected(SharedStoreDisconnected event) {
		resyncNeeded.set(true);
	}

	/** Redis came back, possibly empty (restart, failover): re-write the marks from the database. */
	@EventListener
	void onReconnected(SharedStoreReconnected event) {
		resyncNeeded.set(true);
		resync();
	}

	@Scheduled(fixedDelayString = "${auth.session.revocation-resync-interval:2s}")
	synchronized void resync() {
		if (!resyncNeeded.get()) {
			return;
		}
		try {
			List<UUID> revoked = sessions.findRevokedSince(Instant.now().minus(markTtl));
			for (UUID id : revoked) {
				store.set(PREFIX + id, "1", markTtl);
			}
			resyncNeeded.set(false);
			log.info("Shared store reachable again; {} revocation marks re-written from the database", revoked.size());
		}
		catch (SharedStoreUnavailableException ex) {
			// still away; the next run tries again
		}
	}

}
