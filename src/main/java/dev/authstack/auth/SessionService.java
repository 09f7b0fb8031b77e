package dev.authstack.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.authstack.account.Account;
import dev.authstack.account.AccountEvents;
import dev.authstack.audit.AuditLog;
import dev.authstack.audit.AuditLog.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sessions and their refresh-token families. Refresh tokens are 256 random bits, stored only as
 * SHA-256, rotated on every use. A rotated token presented again means it was copied: the whole
 * session ends, including its current access token.
 */
@Service
public class SessionService {

	private static final Logger log = LoggerFactory.getLogger(SessionService.class);

	private static final SecureRandom random = new SecureRandom();

	private final SessionRepository sessions;

	private final RefreshTokenRepository refreshTokens;

	private final RevocationList revocations;

	private final TokenService tokens;

	private final SessionProperties properties;

	private final AuditLog audit;

	SessionService(SessionRepository sessions, RefreshTokenRepository refreshTokens, RevocationList revocations,
			TokenService tokens, SessionProperties properties, AuditLog audit) {
		this.sessions = sessions;
		this.refreshTokens = refreshTokens;
		this.revocations = revocations;
		this.tokens = tokens;
		this.properties = properties;
		this.audit = audit;
	}

	/** An API session: an access token and the first refresh token of a new family. */
	@Transactional
	public Tokens startApiSession(Account account, ClientInfo client) {
		Instant now = now();
		Session session = sessions.save(new Session(account, now, now.plus(properties.refreshTokenTtl()),
				client.userAgent(), client.ip()));
		String refresh = newRefreshToken(session, now);
		return new Tokens(tokens.issue(account, session.id()), refresh, properties.refreshTokenTtl().toSeconds());
	}

	/** A browser session: one longer-lived access token kept in an HttpOnly cookie. */
	@Transactional
	public TokenService.AccessToken startPageSession(Account account, ClientInfo client) {
		Instant now = now();
		Session session = sessions.save(new Session(account, now, now.plus(properties.pageSessionTtl()),
				client.userAgent(), client.ip()));
		return tokens.issue(account, session.id(), properties.pageSessionTtl());
	}

	/** Rotates a refresh token: the old one stops working, a new pair is returned. */
	@Transactional(noRollbackFor = InvalidRefreshTokenException.class)
	public Tokens refresh(String refreshToken, ClientInfo client) {
		Instant now = now();
		String hash = hash(refreshToken);
		if (refreshTokens.markUsed(hash, now) == 0) {
			Optional<RefreshToken> known = refreshTokens.findById(hash);
			if (known.isPresent() && known.get().usedAt() != null) {
				reused(known.get(), now);
			}
			throw new InvalidRefreshTokenException();
		}
		RefreshToken token = refreshTokens.findById(hash).orElseThrow(InvalidRefreshTokenException::new);
		Session session = token.session();
		Account account = session.account();
		if (!token.expiresAt().isAfter(now) || !session.active(now) || !account.isActive()) {
			throw new InvalidRefreshTokenException();
		}
		session.used(now, now.plus(properties.refreshTokenTtl()), client.ip());
		String next = newRefreshToken(session, now);
		return new Tokens(tokens.issue(account, session.id()), next, properties.refreshTokenTtl().toSeconds());
	}

	private void reused(RefreshToken token, Instant now) {
		Session session = token.session();
		if (token.usedAt().plus(properties.reuseGrace()).isAfter(now)) {
			return;
		}
		if (revoke(session, now, "refresh_reuse")) {
			Account account = session.account();
			log.warn("Rotated refresh token of session {} presented again: session revoked", session.id());
			audit.record("refresh_reuse", Outcome.FAILURE, account.getId(), account.getUsername(), session.id().toString(),
					"whole session revoked");
		}
	}

	/** Ends the session the access token belongs to (logout). */
	@Transactional
	public void logout(long accountId, UUID sessionId) {
		sessions.findById(sessionId)
			.filter(session -> session.account().getId() == accountId)
			.ifPresent(session -> {
				revoke(session, now(), "logout");
				audit.record("logout", Outcome.SUCCESS, accountId, session.account().getUsername(),
						session.id().toString(), null);
			});
	}

	@Transactional(readOnly = true)
	public List<SessionView> list(long accountId, UUID currentSessionId) {
		return sessions.findActive(accountId, now())
			.stream()
			.map(session -> new SessionView(session.id().toString(), session.createdAt(), session.lastUsedAt(),
					session.expiresAt(), session.userAgent(), session.ip(),
					session.id().equals(currentSessionId)))
			.toList();
	}

	/** Revokes one of the account's own sessions; false when it has no such active session. */
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
			.filter(s -> s.account().getId() == accountId && s.active(now()));
		session.ifPresent(s -> {
			revoke(s, now(), "revoked_by_user");
			audit.record("session_revoke", Outcome.SUCCESS, accountId, s.account().getUsername(), s.id().toString(),
					null);
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

	private void revokeAll(long accountId, String except, String reason) {
		Instant now = now();
		int count = 0;
		for (Session session : sessions.findUnrevoked(accountId)) {
			if (!session.id().toString().equals(except) && revoke(session, now, reason)) {
				count++;
			}
		}
		log.info("{} session(s) of account {} revoked ({})", count, accountId, reason);
	}

	private boolean revoke(Session session, Instant now, String reason) {
		boolean changed = session.revoke(now, reason);
		sessions.flush();
		revocations.revoke(session.id());
		return changed;
	}

	private String newRefreshToken(Session session, Instant now) {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		refreshTokens.save(new RefreshToken(hash(token), session, now, now.plus(properties.refreshTokenTtl())));
		return token;
	}

	static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
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
