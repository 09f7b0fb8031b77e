package dev.authstack.password;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes through the {@link HashingGate}: a fixed number at once (Argon2id is bound by
 * CPU and memory: with more hashes in flight than CPUs, logins finish no sooner, but each
 * holds its 19 MiB, so 64 concurrent logins held 1.2 GB), a bounded number waiting, a
 * bounded wait; the rest refused at once with {@link PasswordHashingBusyException}.
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

	private final PasswordEncoder delegate;

	private final HashingGate gate;

	BoundedPasswordEncoder(PasswordEncoder delegate, HashingGate gate) {
		this.delegate = delegate;
		this.gate = gate;
	}

	@Override
	public String encode(CharSequence rawPassword) {
		try (HashingGate.Ticket ticket = gate.admit()) {
			return ticket.run(() -> delegate.encode(rawPassword));
		}
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		try (HashingGate.Ticket ticket = gate.admit()) {
			return matches(ticket, rawPassword, encodedPassword);
		}
	}

	/** A check under a ticket already held (see {@link Passwords}). */
	boolean matches(HashingGate.Ticket ticket, CharSequence rawPassword, String encodedPassword) {
		return ticket.run(() -> delegate.matches(rawPassword, encodedPassword));
	}

	String encode(HashingGate.Ticket ticket, CharSequence rawPassword) {
		return ticket.run(() -> delegate.encode(rawPassword));
	}

	HashingGate gate() {
		return gate;
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return delegate.upgradeEncoding(encodedPassword);
	}

	PasswordEncoder delegate() {
		return delegate;
	}

	@Override
	public String toString() {
		return delegate + " (at most " + gate.concurrent() + " at once, " + (gate.capacity() - gate.concurrent())
				+ " waiting at most " + gate.maxWait().toMillis() + " ms)";
	}

}
