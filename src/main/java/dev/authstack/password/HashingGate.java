package dev.authstack.password;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission to password hashing: at most {@code concurrent} hashes run at once, at most
 * {@code queued} more callers wait for one, and none waits longer than {@code maxWait}.
 * Beyond that the caller is refused at once ({@link PasswordHashingBusyException}):
 * waiting logins used to hold Tomcat's threads without bound until reads and health had
 * none left.
 * <p>
 * A {@link Ticket} holds a place from {@link #admit()} until closed, so a login can be
 * turned away before it reads the database or reserves a lockout attempt, then wait for
 * its hash.
 */
final class HashingGate {

	private final Semaphore running;

	private final AtomicInteger admitted = new AtomicInteger();

	private final int concurrent;

	private final int capacity;

	private final Duration maxWait;

	HashingGate(int concurrent, int queued, Duration maxWait) {
		this.concurrent = concurrent;
		this.capacity = concurrent + queued;
		this.maxWait = maxWait;
		this.running = new Semaphore(concurrent, true);
	}

	/**
	 * A place among the admitted, or {@link PasswordHashingBusyException} when all are
	 * taken.
	 */
	Ticket admit() {
		if (admitted.incrementAndGet() > capacity) {
			admitted.decrementAndGet();
			throw new PasswordHashingBusyException();
		}
		return new Ticket();
	}

	int concurrent() {
		return concurrent;
	}

	int capacity() {
		return capacity;
	}

	Duration maxWait() {
		return maxWait;
	}

	/** Whether {@link #admit()} would refuse now (a hint: the next admission decides). */
	boolean full() {
		return admitted.get() >= capacity;
	}

	/** Callers admitted now (hashing or waiting). */
	int admitted() {
		return admitted.get();
	}

	final class Ticket implements AutoCloseable {

		private boolean closed;

		/**
		 * Runs {@code hash} once a hashing slot is free, waiting at most {@code maxWait}.
		 */
		<T> T run(java.util.function.Supplier<T> hash) {
			boolean acquired;
			try {
				acquired = running.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new PasswordHashingBusyException();
			}
			if (!acquired) {
				throw new PasswordHashingBusyException();
			}
			try {
				return hash.get();
			}
			finally {
				running.release();
			}
		}

		@Override
		public void close() {
			if (!closed) {
				closed = true;
				admitted.decrementAndGet();
			}
		}

	}

}
