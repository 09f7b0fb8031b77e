package dev.authstack.store.redis;

import java.time.Duration;
import java.util.List;

import dev.authstack.store.AttemptCounter;
import dev.authstack.store.AttemptCounterContract;
import dev.authstack.support.RedisExtension;
import dev.authstack.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link AttemptCounterContract} against a real redis-server, plus its key layout.
 */
@ExtendWith(RedisExtension.class)
class RedisAttemptCounterIT extends AttemptCounterContract {

	static LettuceConnectionFactory connections;

	static RedisAttemptCounter counter;

	@BeforeAll
	static void connect() {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("127.0.0.1",
				RedisServer.shared().port());
		configuration.setPassword(RedisPassword.of(RedisServer.shared().password()));
		connections = new LettuceConnectionFactory(configuration);
		connections.afterPropertiesSet();
		connections.start();
		counter = new RedisAttemptCounter(new StringRedisTemplate(connections),
				new RedisCircuitBreaker(Duration.ofSeconds(1)));
	}

	@AfterAll
	static void disconnect() {
		connections.destroy();
	}

	@Override
	protected AttemptCounter counter() {
		return counter;
	}

	@Test
	void keysShareOneHashSlotAndAllExpire() {
		String key = key();
		counter.failed(key, counter.reserve(key, LIMITS).token(), LIMITS);
		counter.reserve(key, LIMITS);
		List<String> keys = RedisAttemptCounter.keys(key);
		assertThat(keys).allSatisfy(name -> assertThat(name).startsWith("authstack:lockout:{" + key + "}:"));
		for (String name : keys.subList(0, 2)) {
			assertThat((Long) RedisServer.shared().command("PTTL", name)).as(name).isPositive();
		}
	}

}
