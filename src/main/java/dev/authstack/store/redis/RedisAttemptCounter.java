package dev.authstack.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import dev.authstack.store.AttemptCounter;
import dev.authstack.store.SharedStoreUnavailableException;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link AttemptCounter} on Redis: every call is one Lua script over the key's four
 * entries, which share a hash tag so that they stay in one slot. Times are the caller's,
 * in epoch microseconds, computed in Java (Lua's numbers would print large ones in
 * exponent form). Failures surface as {@link SharedStoreUnavailableException}, like the
 * shared store's.
 */
class RedisAttemptCounter implements AttemptCounter {

	/**
	 * Locked: its remaining ms; full (failures + attempts in flight at the limit): -1;
	 * else reserve, 0.
	 */
	private static final RedisScript<Long> RESERVE = RedisScript.of("""
			local lock = redis.call('PTTL', KEYS[4])
			if lock > 0 then return lock end
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
			local allowed = tonumber(ARGV[3])
			if redis.call('EXISTS', KEYS[3]) == 1 then allowed = 1 end
			if redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2]) >= allowed then return -1 end
			redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
			redis.call('PEXPIRE', KEYS[2], ARGV[6])
			return 0
			""", Long.class);

	/** Records the failure; when it reaches the limit, locks (ms returned), else 0. */
	private static final RedisScript<Long> FAILED = RedisScript.of("""
			redis.call('ZREM', KEYS[2], ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[4])
			redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
			redis.call('PEXPIRE', KEYS[1], ARGV[5])
			local allowed = tonumber(ARGV[6])
			if redis.call('EXISTS', KEYS[3]) == 1 then allowed = 1 end
			if redis.call('ZCARD', KEYS[1]) < allowed then return 0 end
			local level = redis.call('INCR', KEYS[3])
			redis.call('PEXPIRE', KEYS[3], ARGV[9])
			local lock = math.min(tonumber(ARGV[7]) * 2 ^ math.min(level - 1, 20), tonumber(ARGV[8]))
			redis.call('SET', KEYS[4], '1', 'PX', string.format('%d', lock))
			redis.call('DEL', KEYS[1])
			return lock
			""", Long.class);

	private static final RedisScript<Long> SUCCEEDED = RedisScript.of("""
			redis.call('ZREM', KEYS[2], ARGV[1])
			return redis.call('DEL', KEYS[1], KEYS[3], KEYS[4])
			""", Long.class);

	private static final RedisScript<Long> RELEASED = RedisScript.of("""
			return redis.call('ZREM', KEYS[2], ARGV[1])
			""", Long.class);

	static final String PREFIX = "authstack:lockout:";

	private final StringRedisTemplate redis;

	private final RedisCircuitBreaker breaker;

	private final Clock clock;

	RedisAttemptCounter(StringRedisTemplate redis, RedisCircuitBreaker breaker) {
		this(redis, breaker, Clock.systemUTC());
	}

	RedisAttemptCounter(StringRedisTemplate redis, RedisCircuitBreaker breaker, Clock clock) {
		this.redis = redis;
		this.breaker = breaker;
		this.clock = clock;
	}

	@Override
	public Admission reserve(String key, Limits limits) {
		Instant now = clock.instant();
		String token = UUID.randomUUID().toString();
		long answer = run("reserve",
				() -> redis.execute(RESERVE, keys(key), micros(now.minus(limits.window())), micros(now),
						Integer.toString(limits.limit()), token, micros(now.plus(limits.hold())),
						millis(limits.hold())));
		if (answer > 0) {
			return Admission.refused(Duration.ofMillis(answer));
		}
		return answer == 0 ? Admission.admitted(token) : Admission.refused(Duration.ofSeconds(1));
	}

	@Override
	public Optional<Duration> failed(String key, String token, Limits limits) {
		Instant now = clock.instant();
		// unique per failure, so two in the same microsecond both count
		String member = micros(now) + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
		long lock = run("failed",
				() -> redis.execute(FAILED, keys(key), token, micros(now), member, micros(now.minus(limits.window())),
						millis(limits.window()), Integer.toString(limits.limit()), millis(limits.initialLock()),
						millis(limits.maxLock()), millis(limits.levelMemory())));
		return lock > 0 ? Optional.of(Duration.ofMillis(lock)) : Optional.empty();
	}

	@Override
	public void succeeded(String key, String token) {
		run("succeeded", () -> redis.execute(SUCCEEDED, keys(key), token));
	}

	@Override
	public void released(String key, String token) {
		run("released", () -> redis.execute(RELEASED, keys(key), token));
	}

	/**
	 * The four entries of a key: failures, attempts in flight, lock level, lock; one hash
	 * slot.
	 */
	static List<String> keys(String key) {
		String base = PREFIX + "{" + key + "}:";
		return List.of(base + "fail", base + "inflight", base + "level", base + "lock");
	}

	private long run(String operation, Supplier<Long> script) {
		try {
			Long result = breaker.call(script);
			return result == null ? 0 : result;
		}
		catch (SharedStoreUnavailableException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new SharedStoreUnavailableException(
					"Redis lockout " + operation + " failed: " + ex.getClass().getSimpleName(), ex);
		}
	}

	private static String micros(Instant instant) {
		return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
	}

	private static String millis(Duration duration) {
		return Long.toString(Math.max(1, duration.toMillis()));
	}

}
