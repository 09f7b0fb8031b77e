package dev.authstack.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.authstack.store.AttemptCounter.Admission;
import dev.authstack.store.AttemptCounter.Limits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link AttemptCounter} must do; run in-process and against redis-server. */
public abstract class AttemptCounterContract {

	protected static final Limits LIMITS = new Limits(5, Duration.ofMinutes(15), Duration.ofMinutes(1),
			Duration.ofMinutes(15), Duration.ofMinutes(1));

	protected abstract AttemptCounter counter();

	protected String key() {
		return "test:" + UUID.randomUUID();
	}

	@Test
	void admitsNoMoreThanTheLimitWhateverArrivesAtOnce() throws Exception {
		AttemptCounter counter = counter();
		String key = key();
		ExecutorService pool = Executors.newFixedThreadPool(32);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Admission>> answers = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return counter.reserve(key, LIMITS);
				}));
			}
			start.countDown();
			int admitted = 0;
			for (Future<Admission> answer : answers) {
				Admission admission = answer.get(30, TimeUnit.SECONDS);
				if (admission.isAdmitted()) {
					admitted++;
				}
				else {
					assertThat(admission.retryAfter()).isPositive();
				}
			}
			assertThat(admitted).isEqualTo(5);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void theFailureThatReachesTheLimitLocksAndTheLockGrows() {
		AttemptCounter counter = counter();
		String key = key();
		for (int i = 0; i < 4; i++) {
			assertThat(counter.failed(key, counter.reserve(key, LIMITS).token(), LIMITS)).isEmpty();
		}
		Admission fifth = counter.reserve(key, LIMITS);
		assertThat(counter.failed(key, fifth.token(), LIMITS)).contains(Duration.ofMinutes(1));

		Admission locked = counter.reserve(key, LIMITS);
		assertThat(locked.isAdmitted()).isFalse();
		assertThat(locked.retryAfter()).isBetween(Duration.ofSeconds(50), Duration.ofMinutes(1));
		assertThat(counter.reserve(key(), LIMITS).isAdmitted()).as("other keys").isTrue();
	}

	@Test
	void attemptsInFlightCountAndAReleasedOneDoesNot() {
		AttemptCounter counter = counter();
		String key = key();
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			tokens.add(counter.reserve(key, LIMITS).token());
		}
		assertThat(counter.reserve(key, LIMITS).isAdmitted()).isFalse();
		counter.released(key, tokens.get(0));
		Admission again = counter.reserve(key, LIMITS);
		assertThat(again.isAdmitted()).isTrue();
		counter.succeeded(key, again.token());
		// a success forgets the failures, not the attempts still in flight
		assertThat(counter.reserve(key, LIMITS).isAdmitted()).isTrue();
		assertThat(counter.reserve(key, LIMITS).isAdmitted()).isFalse();
	}

	@Test
	void aSuccessForgetsFailures() {
		AttemptCounter counter = counter();
		String key = key();
		for (int i = 0; i < 4; i++) {
			counter.failed(key, counter.reserve(key, LIMITS).token(), LIMITS);
		}
		counter.succeeded(key, counter.reserve(key, LIMITS).token());
		for (int i = 0; i < 4; i++) {
			Optional<Duration> lock = counter.failed(key, counter.reserve(key, LIMITS).token(), LIMITS);
			assertThat(lock).isEmpty();
		}
	}

}
