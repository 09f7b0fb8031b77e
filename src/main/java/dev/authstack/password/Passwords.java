package dev.authstack.password;

import java.text.Normalizer;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.authstack.system.OpaqueTokens;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Service;

/**
 * The one way into password hashes for every other module: {@link #hash} for a new
 * password and {@link #verify} for every check of one (login, password change, account
 * deletion, and whatever comes later: reset, MFA step-up). Verifying goes, in this order,
 * through:
 * <ol>
 * <li>admission to hashing ({@link HashingGate}): refused at once with
 * {@link PasswordHashingBusyException} when full, before anything else is done;
 * <li>the lookup the caller passes, which names the bucket: the account once the
 * identifier resolves to one, else the normalised identifier (so unknown names lock like
 * real ones);
 * <li>a reserved attempt in that bucket ({@link PasswordThrottle}): refused without a
 * hash while the bucket is locked or its attempts are all in flight;
 * <li>the hash (a dummy of the same cost for unknown identifiers), then the attempt
 * recorded.
 * </ol>
 * Passwords are NFKC-normalised before hashing. A hash written before that was made from
 * the password as typed: when the normalised form does not match and differs from what
 * was typed, the typed form is tried too (for known and unknown alike, so timing tells
 * nothing), and a match that way asks the caller to store a new hash
 * ({@link Verification#rehash()}).
 */
@Service
public class Passwords {

	private final BoundedPasswordEncoder encoder;

	private final PasswordThrottle throttle;

	private final Counter verifications;

	private final String dummyHash;

	Passwords(BoundedPasswordEncoder encoder, PasswordThrottle throttle, MeterRegistry meters) {
		this.encoder = encoder;
		this.throttle = throttle;
		this.verifications = Counter.builder("authstack.password.verifications")
			.description("Password hash verifications (login, password change, account deletion)")
			.register(meters);
		this.dummyHash = encoder.delegate().encode(UUID.randomUUID().toString());
	}

	/**
	 * The hash to store for a new password (NFKC first); may be refused while hashing is
	 * full.
	 */
	public String hash(CharSequence password) {
		return encoder.encode(normalize(password));
	}

	/**
	 * The form a password is hashed in: NFKC, so every way of typing the same text is the
	 * same password.
	 */
	public static String normalize(CharSequence password) {
		return Normalizer.normalize(password == null ? "" : password, Normalizer.Form.NFKC);
	}

	/**
	 * Checks {@code password} against the candidate that {@code lookup} finds. Throws
	 * {@link PasswordHashingBusyException} when hashing is full; every other outcome is
	 * in the result.
	 */
	public <T> Verification<T> verify(CharSequence password, Supplier<Candidate<T>> lookup) {
		try (HashingGate.Ticket ticket = encoder.gate().admit()) {
			Candidate<T> candidate = lookup.get();
			PasswordThrottle.Reservation attempt = throttle.reserve(candidate.bucket());
			if (attempt.refused()) {
				return new Verification<>(Result.LOCKED, candidate.subject(), attempt.retryAfter(), false);
			}
			String typed = password == null ? "" : password.toString();
			String normalized = normalize(typed);
			String hash = candidate.hash() == null ? dummyHash : candidate.hash();
			boolean matches;
			boolean typedForm = false;
			try {
				matches = check(ticket, normalized, hash);
				if (!matches && !normalized.equals(typed)) {
					matches = check(ticket, typed, hash);
					typedForm = matches;
				}
			}
			catch (RuntimeException ex) {
				attempt.released();
				throw ex;
			}
			if (matches && candidate.hash() != null && candidate.eligible()) {
				attempt.succeeded();
				boolean rehash = typedForm || encoder.upgradeEncoding(hash);
				return new Verification<>(Result.MATCHED, candidate.subject(), Duration.ZERO, rehash);
			}
			Optional<Duration> lock = attempt.failed();
			return new Verification<>(Result.FAILED, candidate.subject(), lock.orElse(Duration.ZERO), false);
		}
	}

	private boolean check(HashingGate.Ticket ticket, String password, String hash) {
		boolean matches = encoder.matches(ticket, password, hash);
		verifications.increment();
		return matches;
	}

	public enum Result {

		/** The password is right (and the candidate may sign in). */
		MATCHED,
		/** Wrong password, unknown identifier, or an account that may not sign in. */
		FAILED,
		/** Refused without a hash: the bucket is locked or its attempts are in flight. */
		LOCKED

	}

	/**
	 * The outcome. {@code delay}: for LOCKED, how long until the next attempt may be
	 * made; for a FAILED one, the length of the lock it caused (zero when it caused
	 * none). {@code rehash}: store {@link #hash} of the password now (old parameters, or
	 * hashed before normalisation).
	 */
	public record Verification<T>(Result result, T subject, Duration delay, boolean rehash) {

		public boolean matched() {
			return result == Result.MATCHED;
		}

		public boolean locked() {
			return result == Result.LOCKED;
		}

		/** The lock this failure started, if it started one. */
		public Optional<Duration> lockStarted() {
			return result == Result.FAILED && !delay.isZero() ? Optional.of(delay) : Optional.empty();
		}

		/** For a refusal to a signed-in caller: 429 with Retry-After. */
		public TooManyPasswordAttemptsException tooManyAttempts() {
			return new TooManyPasswordAttemptsException(delay);
		}

	}

	/**
	 * What a password is checked against. {@code bucket} names the lockout bucket;
	 * {@code hash} null means an unknown identifier (a dummy hash is verified);
	 * {@code eligible} false means a right password still fails (a disabled account),
	 * counted like a wrong one.
	 */
	public record Candidate<T>(String bucket, String hash, boolean eligible, T subject) {

		/**
		 * An account's hash, counted in the account's bucket whatever spelling found it.
		 */
		public static <T> Candidate<T> account(long accountId, String hash, boolean eligible, T subject) {
			return new Candidate<>("a:" + accountId, hash, eligible, subject);
		}

		/**
		 * No account: the bucket of the (already normalised) identifier, hashed so that
		 * no name is stored in clear.
		 */
		public static <T> Candidate<T> unknown(String normalizedIdentifier) {
			return new Candidate<>("i:" + sha256(normalizedIdentifier), null, false, null);
		}

		static String sha256(String value) {
			return OpaqueTokens.sha256Hex(value);
		}

	}

}
