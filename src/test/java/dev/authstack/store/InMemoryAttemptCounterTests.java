package dev.authstack.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryAttemptCounterTests extends AttemptCounterContract {

	private final InMemoryAttemptCounter counter = new InMemoryAttemptCounter();

	@Override
	protected AttemptCounter counter() {
		return counter;
	}

	@Test
	void afterALockOneAttemptAtATimeAndItsFailureLocksLonger() {
		MutableClock clock = new MutableClock();
		InMemoryAttemptCounter counter = new InMemoryAttemptCounter(clock);
		for (int i = 0; i < 5; i++) {
			counter.failed("k", counter.reserve("k", LIMITS).token(), LIMITS);
		}
		clock.advance(Duration.ofSeconds(61));
		AttemptCounter.Admission probation = counter.reserve("k", LIMITS);
		assertThat(probation.isAdmitted()).isTrue();
		assertThat(counter.reserve("k", LIMITS).isAdmitted()).as("one at a time").isFalse();
		assertThat(counter.failed("k", probation.token(), LIMITS)).contains(Duration.ofMinutes(2));
		clock.advance(Duration.ofMinutes(3));
		assertThat(counter.failed("k", counter.reserve("k", LIMITS).token(), LIMITS)).contains(Duration.ofMinutes(4));
	}

	@Test
	void anAttemptWhoseReplicaDiedLapsesAfterTheHold() {
		MutableClock clock = new MutableClock();
		InMemoryAttemptCounter counter = new InMemoryAttemptCounter(clock);
		for (int i = 0; i < 5; i++) {
			counter.reserve("k", LIMITS);
		}
		assertThat(counter.reserve("k", LIMITS).isAdmitted()).isFalse();
		clock.advance(LIMITS.hold().plusSeconds(1));
		assertThat(counter.reserve("k", LIMITS).isAdmitted()).isTrue();
	}

	@Test
	void idleKeysAreDropped() {
		String token = counter.reserve("idle", LIMITS).token();
		counter.succeeded("idle", token);
		assertThat(counter.size()).isZero();
	}

	@Test
	void lockLengthsDoubleUpToTheCap() {
		assertThat(LIMITS.lockFor(1)).isEqualTo(Duration.ofMinutes(1));
		assertThat(LIMITS.lockFor(2)).isEqualTo(Duration.ofMinutes(2));
		assertThat(LIMITS.lockFor(4)).isEqualTo(Duration.ofMinutes(8));
		assertThat(LIMITS.lockFor(5)).isEqualTo(Duration.ofMinutes(15));
		assertThat(LIMITS.lockFor(60)).isEqualTo(Duration.ofMinutes(15));
	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			now = now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}

	}

}
