package dev.authstack.store.redis;

import dev.authstack.store.SharedStoreUnavailableException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.serializer.SerializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisCircuitBreakerTests {

	final AtomicLong clock = new AtomicLong();

	final RedisCircuitBreaker breaker = new RedisCircuitBreaker(Duration.ofSeconds(1), clock::get);

	final AtomicInteger calls = new AtomicInteger();

	@Test
	void passesCallsThroughWhileRedisAnswers() {
		assertThat(breaker.call(this::answer)).isEqualTo("ok");
		assertThat(breaker.call(this::answer)).isEqualTo("ok");
		assertThat(calls).hasValue(2);
		assertThat(breaker.isOpen()).isFalse();
	}

	@Test
	void failsFastAfterAFailureUntilTheBackoffHasPassed() {
		assertThatThrownBy(() -> breaker.call(this::timeOut)).isInstanceOf(QueryTimeoutException.class);
		assertThat(breaker.isOpen()).isTrue();

		clock.addAndGet(Duration.ofMillis(999).toNanos());
		assertThatThrownBy(() -> breaker.call(this::answer)).isInstanceOf(SharedStoreUnavailableException.class);
		assertThat(calls).hasValue(1);

		clock.addAndGet(Duration.ofMillis(1).toNanos());
		assertThat(breaker.call(this::answer)).isEqualTo("ok");
		assertThat(breaker.isOpen()).isFalse();
	}

	@Test
	void letsOneProbeThroughPerBackoffAndReopensWhenItFails() {
		breaker.failed(new QueryTimeoutException("x"));
		clock.addAndGet(Duration.ofSeconds(1).toNanos());

		assertThat(breaker.allows()).isTrue();
		assertThat(breaker.allows()).isFalse();
		breaker.failed(new QueryTimeoutException("x"));

		clock.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(breaker.allows()).isFalse();
		clock.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(breaker.allows()).isTrue();
	}

	@Test
	void aBadValueIsNotABadServer() {
		assertThatThrownBy(() -> breaker.call(() -> {
			throw new SerializationException("bad json");
		})).isInstanceOf(SerializationException.class);

		assertThat(breaker.isOpen()).isFalse();
	}

	private String answer() {
		calls.incrementAndGet();
		return "ok";
	}

	private String timeOut() {
		calls.incrementAndGet();
		throw new QueryTimeoutException("Redis command timed out");
	}

}
