package dev.authstack.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link AttemptCounter} in this process: each call is one {@link ConcurrentMap#compute}
 * on the key's state, so checking the count and reserving are one step. The embedded
 * default's counter, and the fallback while Redis is unreachable. Idle keys are dropped
 * as they empty and swept every few thousand calls.
 */
public class InMemoryAttemptCounter implements AttemptCounter {

	private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();

	private final Clock clock;

	private final AtomicInteger calls = new AtomicInteger();

	public InMemoryAttemptCounter() {
		this(Clock.systemUTC());
	}

	public InMemoryAttemptCounter(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Admission reserve(String key, Limits limits) {
		long now = clock.millis();
		Admission[] result = new Admission[1];
		states.compute(key, (k, state) -> {
			State s = state == null ? new State() : state;
			s.forgetOld(now, limits);
			if (s.lockedUntil > now) {
				result[0] = Admission.refused(Duration.ofMillis(s.lockedUntil - now));
			}
			else if (s.failures.size() + s.inFlight.size() >= s.allowed(now, limits)) {
				// the attempts in flight decide: they finish within a hash or two
				result[0] = Admission.refused(Duration.ofSeconds(1));
			}
			else {
				String token = UUID.randomUUID().toString();
				s.inFlight.put(token, now + limits.hold().toMillis());
				result[0] = Admission.admitted(token);
			}
			return s.idle(now) ? null : s;
		});
		swept(now);
		return result[0];
	}

	@Override
	public Optional<Duration> failed(String key, String token, Limits limits) {
		long now = clock.millis();
		Duration[] lock = new Duration[1];
		states.compute(key, (k, state) -> {
			State s = state == null ? new State() : state;
			s.forgetOld(now, limits);
			s.inFlight.remove(token);
			s.failures.addLast(now);
			if (s.failures.size() >= s.allowed(now, limits)) {
				s.level = (s.levelUntil > now ? s.level : 0) + 1;
				s.levelUntil = now + limits.levelMemory().toMillis();
				lock[0] = limits.lockFor(s.level);
				s.lockedUntil = now + lock[0].toMillis();
				s.failures.clear();
			}
			return s.idle(now) ? null : s;
		});
		return Optional.ofNullable(lock[0]);
	}

	@Override
	public void succeeded(String key, String token) {
		long now = clock.millis();
		states.computeIfPresent(key, (k, s) -> {
			s.inFlight.remove(token);
			s.failures.clear();
			s.level = 0;
			s.levelUntil = 0;
			s.lockedUntil = 0;
			return s.idle(now) ? null : s;
		});
	}

	@Override
	public void released(String key, String token) {
		long now = clock.millis();
		states.computeIfPresent(key, (k, s) -> {
			s.inFlight.remove(token);
			return s.idle(now) ? null : s;
		});
	}

	/** Keys with state (for tests: idle keys must not pile up). */
	int size() {
		return states.size();
	}

	private void swept(long now) {
		if (calls.incrementAndGet() % 4096 == 0) {
			for (String key : states.keySet()) {
				states.computeIfPresent(key, (k, s) -> s.idle(now) ? null : s);
			}
		}
	}

	/**
	 * One key's attempts; only touched inside compute, so never by two threads at once.
	 */
	private static final class State {

		final Deque<Long> failures = new ArrayDeque<>();

		final Map<String, Long> inFlight = new HashMap<>();

		long lockedUntil;

		long level;

		long levelUntil;

		void forgetOld(long now, Limits limits) {
			long cutoff = now - limits.window().toMillis();
			while (!failures.isEmpty() && failures.peekFirst() <= cutoff) {
				failures.removeFirst();
			}
			inFlight.values().removeIf(until -> until <= now);
			if (levelUntil <= now) {
				level = 0;
			}
		}

		/** After a lock, one attempt at a time until the level is forgotten. */
		int allowed(long now, Limits limits) {
			return levelUntil > now ? 1 : limits.limit();
		}

		boolean idle(long now) {
			return failures.isEmpty() && inFlight.isEmpty() && lockedUntil <= now && levelUntil <= now;
		}

	}

}
