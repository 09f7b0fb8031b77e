package dev.authstack.store.redis;

import dev.authstack.store.Invalidations;
import dev.authstack.store.SharedStore;
import dev.authstack.store.SharedStoreUnavailableException;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The shared store on Redis. Keys are used as given (callers own their
 * {@code authstack:...} names, listed in the README, section "Redis"). Counters and
 * windows are Lua scripts, so each call is one atomic round trip. Any failure, including
 * a skipped call while the breaker is open, surfaces as
 * {@link SharedStoreUnavailableException}; the Lettuce timeouts make that quick.
 */
class RedisSharedStore implements SharedStore {

	/**
	 * INCR, then (re)start the expiry: the key lives {@code ttl} after its last
	 * increment.
	 */
	private static final RedisScript<Long> INCREMENT = RedisScript.of("""
			local n = redis.call('INCR', KEYS[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return n
			""", Long.class);

	/**
	 * Sliding-window log: add the event, drop those at or before the cutoff, count,
	 * expire.
	 */
	/**
	 * SET unless the stored value's leading version is higher, and tell every replica
	 * (PUBLISH on the invalidations channel) in the same script: a copy is never replaced
	 * without the near caches hearing of it. One round trip, no interleaving.
	 */
	private static final RedisScript<Long> SET_IF_NEWER = RedisScript.of("""
			local current = redis.call('GET', KEYS[1])
			if current then
				local version = tonumber(string.match(current, '^(%d+)|'))
				if version and version > tonumber(ARGV[1]) then
					return 0
				end
			end
			redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
			redis.call('PUBLISH', ARGV[4], KEYS[1])
			return 1
			""", Long.class);

	private static final RedisScript<Long> ADD_TO_WINDOW = RedisScript.of("""
			redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
			local n = redis.call('ZCARD', KEYS[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			return n
			""", Long.class);

	private final StringRedisTemplate redis;

	private final RedisCircuitBreaker breaker;

	private final Map<Command, Map<Outcome, Timer>> timers = new EnumMap<>(Command.class);

	RedisSharedStore(StringRedisTemplate redis, RedisCircuitBreaker breaker, MeterRegistry meters) {
		this.redis = redis;
		this.breaker = breaker;
		for (Command command : Command.values()) {
			Map<Outcome, Timer> byOutcome = new EnumMap<>(Outcome.class);
			for (Outcome outcome : Outcome.values()) {
				byOutcome.put(outcome,
						Timer.builder("authstack.redis.commands")
							.description("Shared-store operations on Redis, by operation and outcome")
							.tag("command", command.tag)
							.tag("outcome", outcome.tag)
							.register(meters));
			}
			timers.put(command, byOutcome);
		}
	}

	@Override
	public void set(String key, String value, Duration ttl) {
		run(Command.SET, () -> {
			redis.opsForValue().set(key, value, atLeastOneMilli(ttl));
			return null;
		});
	}

	@Override
	public boolean setIfAbsent(String key, String value, Duration ttl) {
		return Boolean.TRUE.equals(
				run(Command.SET_IF_ABSENT, () -> redis.opsForValue().setIfAbsent(key, value, atLeastOneMilli(ttl))));
	}

	@Override
	public boolean setIfNewer(String key, long version, String value, Duration ttl) {
		Long stored = run(Command.SET_IF_NEWER, () -> redis.execute(SET_IF_NEWER, List.of(key), Long.toString(version),
				value, Long.toString(atLeastOneMilli(ttl).toMillis()), Invalidations.CHANNEL));
		return stored != null && stored == 1;
	}

	@Override
	public Optional<String> get(String key) {
		return Optional.ofNullable(run(Command.GET, () -> redis.opsForValue().get(key)));
	}

	@Override
	public boolean exists(String key) {
		return Boolean.TRUE.equals(run(Command.EXISTS, () -> redis.hasKey(key)));
	}

	@Override
	public void delete(String key) {
		run(Command.DELETE, () -> redis.delete(key));
	}

	@Override
	public long increment(String key, Duration ttl) {
		return run(Command.INCREMENT,
				() -> redis.execute(INCREMENT, List.of(key), Long.toString(atLeastOneMilli(ttl).toMillis())));
	}

	@Override
	public long addToWindow(String key, Instant now, Duration window) {
		long at = micros(now);
		// unique per event, so two events in the same microsecond both count
		String member = at + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
		long cutoff = micros(now.minus(window));
		return run(Command.ADD_TO_WINDOW, () -> redis.execute(ADD_TO_WINDOW, List.of(key), Long.toString(at), member,
				Long.toString(cutoff), Long.toString(atLeastOneMilli(window).toMillis())));
	}

	@Override
	public Optional<Duration> timeToLive(String key) {
		Long millis = run(Command.TTL, () -> redis.getExpire(key, TimeUnit.MILLISECONDS));
		if (millis == null || millis == -2) {
			return Optional.empty();
		}
		// -1: the key has no expiry (none of ours is written that way)
		return Optional.of(millis == -1 ? ChronoUnit.FOREVER.getDuration() : Duration.ofMillis(millis));
	}

	@Override
	public String kind() {
		return "redis";
	}

	private <T> T run(Command command, Supplier<T> operation) {
		long start = System.nanoTime();
		Outcome outcome = Outcome.ERROR;
		try {
			T result = breaker.call(operation);
			outcome = Outcome.SUCCESS;
			return result;
		}
		catch (SharedStoreUnavailableException ex) {
			outcome = Outcome.SKIPPED;
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new SharedStoreUnavailableException(
					"Redis " + command.tag + " failed: " + ex.getClass().getSimpleName(), ex);
		}
		finally {
			timers.get(command).get(outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	private static long micros(Instant instant) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
	}

	private static Duration atLeastOneMilli(Duration duration) {
		return duration.toMillis() < 1 ? Duration.ofMillis(1) : duration;
	}

	private enum Command {

		SET, SET_IF_ABSENT, SET_IF_NEWER, GET, EXISTS, DELETE, INCREMENT, ADD_TO_WINDOW, TTL;

		final String tag = name().toLowerCase(Locale.ROOT);

	}

	private enum Outcome {

		SUCCESS, ERROR, SKIPPED;

		final String tag = name().toLowerCase(Locale.ROOT);

	}

}
