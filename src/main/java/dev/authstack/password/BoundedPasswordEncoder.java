package dev.authstack.password;

import java.util.concurrent.Semaphore;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Lets at most a fixed number of hashes run at once; the others wait their turn (first come,
 * first served). Argon2id is bound by CPU and memory: with more hashes in flight than CPUs,
 * logins finish no sooner, but each holds its 19 MiB (libargon2 allocates it per hash, the
 * Java implementation on the heap), so 64 concurrent logins held 1.2 GB.
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

	private final PasswordEncoder delegate;

	private final Semaphore permits;

	private final int limit;

	BoundedPasswordEncoder(PasswordEncoder delegate, int limit) {
		this.delegate = delegate;
		this.limit = limit;
		this.permits = new Semaphore(limit, true);
	}

	@Override
	public String encode(CharSequence rawPassword) {
		permits.acquireUninterruptibly();
		try {
			return delegate.encode(rawPassword);
		}
		finally {
			permits.release();
		}
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		permits.acquireUninterruptibly();
		try {
			return delegate.matches(rawPassword, encodedPassword);
		}
		finally {
			permits.release();
		}
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
		return delegate + " (at most " + limit + " at once)";
	}

}
