package dev.authstack.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The embedded default's shared store: one process, so a map is enough. Expired entries
 * are dropped when touched and swept every few thousand writes, so the map cannot grow
 * without bound. Also the fallback for lockout counters while Redis is unreachable.
 */
public class InMemorySharedStore implements SharedStore {

	private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

	private final Clock clock;

	private int writes;

	public InMemorySharedStore() {
		this(Clock.systemUTC());
	}

	InMemorySharedStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void set(String key, String value, Duration ttl) {
		entries.put(key, new Entry(value, null, expiry(ttl)));
		written();
	}

	@Override
	public boolean setIfAbsent(String key, String value, Duration ttl) {
		Entry fresh = new Entry(value, null, expiry(ttl));
		Instant now = now();
		boolean[] stored = { false };
		entries.compute(key, (k, old) -> {
			if (old != null && !old.expired(now)) {
				return old;
			}
			stored[0] = true;
			return fresh;
		});
		written();
		return stored[0];
	}

	@Override
	public boolean setIfNewer(String key, long version, String value, Duration ttl) {
		Entry fresh = new Entry(version + "|" + value, null, expiry(ttl));
		Instant now = now();
		boolean[] stored = { false };
		entries.compute(key, (k, old) -> {
			if (old != null && !old.expired(now) && SharedStore.versionOf(old.value()) > version) {
				return old;
			}
			stored[0] = true;
			return fresh;
		});
		written();
		return stored[0];
	}

	@Override
	public Optional<String> get(String key) {
		return live(key).map(Entry::value);
	}

	@Override
	public boolean exists(String key) {
		return live(key).isPresent();
	}

	@Override
	public void delete(String key) {
		entries.remove(key);
	}

	@Override
	public long increment(String key, Duration ttl) {
		Instant expiry = expiry(ttl);
		Entry entry = entries.compute(key, (k, old) -> {
			long current = old == null || old.expired(now()) || old.value() == null ? 0 : Long.parseLong(old.value());
			return new Entry(Long.toString(current + 1), null, expiry);
		});
		written();
		return Long.parseLong(entry.value());
	}

	@Override
	public long addToWindow(String key, Instant now, Duration window) {
		Instant cutoff = now.minus(window);
		Entry entry = entries.compute(key, (k, old) -> {
			Deque<Instant> events = old == null || old.events() == null || old.expired(now()) ? new ArrayDeque<>()
					: old.events();
			synchronized (events) {
				events.addLast(now);
				while (!events.isEmpty() && !events.peekFirst().isAfter(cutoff)) {
					events.removeFirst();
				}
			}
			return new Entry(null, events, now.plus(window));
		});
		written();
		synchronized (entry.events()) {
			return entry.events().size();
		}
	}

	@Override
	public Optional<Duration> timeToLive(String key) {
		return live(key).map(entry -> Duration.between(now(), entry.expiresAt()));
	}

	@Override
	public String kind() {
		return "in-process";
	}

	private Optional<Entry> live(String key) {
		Entry entry = entries.get(key);
		if (entry == null) {
			return Optional.empty();
		}
		if (entry.expired(now())) {
			entries.remove(key, entry);
			return Optional.empty();
		}
		return Optional.of(entry);
	}

	private void written() {
		if (++writes % 4096 == 0) {
			Instant now = now();
			entries.entrySet().removeIf(e -> e.getValue().expired(now));
		}
	}

	private Instant expiry(Duration ttl) {
		return now().plus(ttl);
	}

	private Instant now() {
		return clock.instant();
	}

	private record Entry(String value, Deque<Instant> events, Instant expiresAt) {

		boolean expired(Instant now) {
			return !expiresAt.isAfter(now);
		}

	}

}
