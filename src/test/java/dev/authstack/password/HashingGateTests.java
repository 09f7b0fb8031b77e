package dev.authstack.password;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashingGateTests {

	@Test
	void refusesAtOnceBeyondTheRunningAndWaitingPlaces() throws Exception {
		HashingGate gate = new HashingGate(1, 1, Duration.ofSeconds(10));
		CountDownLatch hashing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<?> running = pool.submit(() -> {
				try (HashingGate.Ticket ticket = gate.admit()) {
					return ticket.run(() -> {
						hashing.countDown();
						await(release);
						return "hash";
					});
				}
			});
			assertThat(hashing.await(5, TimeUnit.SECONDS)).isTrue();
			Future<String> waiting = pool.submit(() -> {
				try (HashingGate.Ticket ticket = gate.admit()) {
					return ticket.run(() -> "second");
				}
			});
			awaitAdmitted(gate, 2);

			long t0 = System.nanoTime();
			assertThatThrownBy(gate::admit).isInstanceOf(PasswordHashingBusyException.class);
			assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(100);

			release.countDown();
			running.get(5, TimeUnit.SECONDS);
			assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("second");
			assertThat(gate.admitted()).isZero();
		}
		finally {
			release.countDown();
			pool.shutdownNow();
		}
	}

	@Test
	void aWaitLongerThanTheLimitIsRefused() throws Exception {
		HashingGate gate = new HashingGate(1, 1, Duration.ofMillis(200));
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch hashing = new CountDownLatch(1);
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			pool.submit(() -> {
				try (HashingGate.Ticket ticket = gate.admit()) {
					return ticket.run(() -> {
						hashing.countDown();
						await(release);
						return "hash";
					});
				}
			});
			assertThat(hashing.await(5, TimeUnit.SECONDS)).isTrue();
			long t0 = System.nanoTime();
			try (HashingGate.Ticket ticket = gate.admit()) {
				assertThatThrownBy(() -> ticket.run(() -> "never")).isInstanceOf(PasswordHashingBusyException.class);
			}
			long waited = (System.nanoTime() - t0) / 1_000_000;
			assertThat(waited).isBetween(150L, 2_000L);
			assertThat(gate.admitted()).isOne();
		}
		finally {
			release.countDown();
			pool.shutdownNow();
		}
	}

	private static void awaitAdmitted(HashingGate gate, int n) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (gate.admitted() < n && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(gate.admitted()).isEqualTo(n);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
