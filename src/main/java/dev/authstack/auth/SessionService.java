package dev.authstack.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.authstack.account.Account;
import dev.authstack.account.AccountEvents;
import dev.authstack.audit.AuditEvent;
import dev.authstack.audit.AuditLog;
import dev.authstack.system.OpaqueTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.authstack.audit.AuditAction.LOGOUT;
import static dev.authstack.audit.AuditAction.REFRESH_REUSE;
import static dev.authstack.audit.AuditAction.SESSION_REVOKE;

/**
 * Sessions and their refresh-token families. Refresh tokens are 256 random bits, stored
 * only as SHA-256, rotated on every use. A rotated token presented again means it was
 * copied: the whole session ends, including its current access token.
 */
@Service
public class SessionService {

	private static final Logger log = LoggerFactory.getLogger(SessionService.class);

	private final SessionRepository sessions;

	private final RefreshTokenRepository refreshTokens;

	private final SessionStates states;

	private final TokenService tokens;

	private final SessionProperties properties;

	private final AuditLog audit;

	private final RefreshRotation rotation;

	private final TransactionTemplate transactions;

	SessionService(SessionRepository sessions, RefreshTokenRepository refreshTokens, SessionStates states,
			TokenService tokens, SessionProperties properties, AuditLog audit, RefreshRotation rotation,
			TransactionTemplate transactions) {
		this.sessions = sessions;
		this.refreshTokens = refreshTokens;
		this.states = states;
		this.tokens = tokens;
		this.properties = properties;
		this.audit = audit;
		this.rotation = rotation;
		this.transactions = transactions;
	}

	/** An API session: an access token and the first refresh token of a new family. */
	@Transactional
	public Tokens startApiSession(Account account, ClientInfo client) {
		Instant now = now();
		Session session = sessions
			.save(new Session(account, now, now.plus(properties.refreshTokenTtl()), client.userAgent(), client.ip()));
		String refresh = newRefreshToken(session, now);
		return new Tokens(tokens.issue(account, session.id(), TokenService.Kind.API), refresh,
				properties.refreshTokenTtl().toSeconds());
	}

	/** A browser session: one longer-lived access token kept in an HttpOnly cookie. */
	@Transactional
	public TokenService.AccessToken startPageSession(Account account, ClientInfo client) {
		Instant now = now();
		Session session = sessions
			.save(new Session(account, now, now.plus(properties.pageSessionTtl()), client.userAgent(), client.ip()));
		return tokens.issue(account, session.id(), TokenService.Kind.PAGE);
	}

	/**
	 * Rotates a refresh token: the old one stops working, a new pair is returned. The
	 * common case is one SQL statement ({@link RefreshRotation}); a token that cannot be
	 * rotated is looked at in a transaction of its own, where a replayed one ends its
	 * whole session.
	 */
	public Tokens refresh(String refreshToken, ClientInfo client) {
		Instant now = now();
		String next = OpaqueTokens.newToken();
		Optional<RefreshRotation.Rotated> rotated = rotation.rotate(hash(refreshToken), hash(next), now,
				now.plus(properties.refreshTokenTtl()), client.ip());
		if (rotated.isEmpty()) {
			transactions.executeWithoutResult(status -> refused(hash(refreshToken), now));
			throw new InvalidRefreshTokenException();
		}
		RefreshRotation.Rotated session = rotated.get();
		return new Tokens(tokens.issue(session.accountId(), session.username(), session.roles(),
				session.emailVerified(), session.sessionId(), TokenService.Kind.API), next,
				properties.refreshTokenTtl().toSeconds());
	}

	/**
	 * A token that was not rotated: a rotated one presented again means it was copied.
	 */
	private void refused(String hash, Instant now) {
		refreshTokens.findById(hash).filter(known -> known.usedAt() != null).ifPresent(known -> reused(known, now));
	}

	private void reused(RefreshToken token, Instant now) {
		Session session = token.session();
		if (token.usedAt().plus(properties.reuseGrace()).isAfter(now)) {
			return;
		}
		if (revoke(List.of(session.id()), now, "refresh_reuse") > 0) {
			Account account = session.account();
			log.warn("Rotated refresh token of session {} presented again: session revoked", session.id());
			audit.record(AuditEvent.failure(REFRESH_REUSE)
				.by(account == null ? null : account.getId(), account == null ? null : account.getUsername())
				.on(session.id().toString())
				.withDetails("whole session revoked"));
		}
	}

	/** Ends the session the access token belongs to (logout). */
	@Transactional
	public void logout(long accountId, UUID sessionId) {
		sessions.findById(sessionId)
			.filter(session -> session.account() != null && session.account().getId() == accountId)
			.ifPresent(session -> {
				revoke(List.of(session.id()), now(), "logout");
				audit.record(AuditEvent.success(LOGOUT)
					.by(accountId, session.account().getUsername())
					.on(session.id().toString()));
			});
	}

	@Transactional(readOnly = true)
	public List<SessionView> list(long accountId, UUID currentSessionId) {
		return sessions.findActive(accountId, now())
			.stream()
			.map(session -> new SessionView(session.id().toString(), session.createdAt(), session.lastUsedAt(),
					session.expiresAt(), session.userAgent(), session.ip(), session.id().equals(currentSessionId)))
			.toList();
	}

	/**
	 * Revokes one of the account's own sessions; false when it has no such active
	 * session.
	 */
	@Transactional
	public boolean revokeOwn(long accountId, String sessionId) {
		UUID id;
		try {
			id = UUID.fromString(sessionId);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		Optional<Session> session = sessions.findById(id)
			.filter(s -> s.account() != null && s.account().getId() == accountId && s.active(now()));
		session.ifPresent(s -> {
			revoke(List.of(s.id()), now(), "revoked_by_user");
			audit.record(
					AuditEvent.success(SESSION_REVOKE).by(accountId, s.account().getUsername()).on(s.id().toString()));
		});
		return session.isPresent();
	}

	@EventListener
	void onPasswordChanged(AccountEvents.PasswordChanged event) {
		revokeAll(event.accountId(), event.keptSessionId(), "password_change");
	}

	@EventListener
	void onEmailChangeUndone(AccountEvents.EmailChangeUndone event) {
		revokeAll(event.accountId(), null, "email_change_undone");
	}

	@EventListener
	void onAccountDisabled(AccountEvents.AccountDisabled event) {
		revokeAll(event.accountId(), null, "account_disabled");
	}

	@EventListener
	void onAccountDeleted(AccountEvents.AccountDeleted event) {
		revokeAll(event.accountId(), null, "account_deleted");
	}

	/**
	 * Roles or status changed: the account's live sessions follow from the next request.
	 */
	@EventListener
	void onAccessChanged(AccountEvents.AccessChanged event) {
		List<UUID> live = sessions.findUnrevokedIds(event.accountId());
		sessions.accountChanged(event.accountId(), now());
		states.changed(live);
	}

	private void revokeAll(long accountId, String except, String reason) {
		List<UUID> ids = sessions.findUnrevokedIds(accountId)
			.stream()
			.filter(id -> !id.toString().equals(except))
			.toList();
		int count = ids.isEmpty() ? 0 : revoke(ids, now(), reason);
		log.info("{} session(s) of account {} revoked ({})", count, accountId, reason);
	}

	/**
	 * Ends the sessions in PostgreSQL; every replica refuses their tokens once this
	 * commits.
	 */
	private int revoke(List<UUID> ids, Instant now, String reason) {
		int count = sessions.revoke(ids, now, reason);
		states.changed(ids);
		return count;
	}

	private String newRefreshToken(Session session, Instant now) {
		String token = OpaqueTokens.newToken();
		refreshTokens.save(new RefreshToken(hash(token), session, now, now.plus(properties.refreshTokenTtl())));
		return token;
	}

	static String hash(String token) {
		return OpaqueTokens.sha256Hex(token);
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	/** An access token and the refresh token that rotates it. */
	public record Tokens(TokenService.AccessToken access, String refreshToken, long refreshExpiresIn) {

		@Override
		public String toString() {
			return "Tokens[]";
		}

	}

	/** A session as its owner sees it. */
	public record SessionView(String id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String userAgent,
			String ip, boolean current) {
	}

}
