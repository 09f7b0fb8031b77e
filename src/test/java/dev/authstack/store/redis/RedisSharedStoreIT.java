package dev.authstack.store.redis;

import dev.authstack.store.SharedStore;
import dev.authstack.store.SharedStoreContract;
import dev.authstack.store.SharedStoreUnavailableException;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.authstack.support.RedisExtension;
import dev.authstack.support.RedisServer;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared-store contract on a real redis-server, wired as the service wires it. */
@ExtendWith(RedisExtension.class)
class RedisSharedStoreIT extends SharedStoreContract {

	static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	static Wiring redis;

	@BeforeAll
	static void connect() {
		redis = new Wiring(RedisServer.shared().url(), Duration.ofMillis(250));
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@Override
	protected SharedStore store() {
		return redis.store;
	}

	@Test
	void keepsKeysAsGivenWithTheirExpiry() {
		store().set(key + "raw", "v", Duration.ofSeconds(30));
		store().increment(key + "count", Duration.ofSeconds(30));
		store().addToWindow(key + "window", Instant.now(), Duration.ofSeconds(30));

		RedisServer server = RedisServer.shared();
		assertThat(server.command("GET", key + "raw")).isEqualTo("v");
		assertThat(server.command("GET", key + "count")).isEqualTo("1");
		assertThat(server.command("TYPE", key + "window")).isEqualTo("zset");
		for (String suffix : new String[] { "raw", "count", "window" }) {
			assertThat((Long) server.command("PTTL", key + suffix)).isBetween(25_000L, 30_000L);
		}
	}

	@Test
	void timesEachOperation() {
		store().set(key + "timed", "v", Duration.ofMinutes(1));
		for (int i = 0; i < 500; i++) {
			store().get(key + "timed");
		}

		Timer gets = meters.get("authstack.redis.commands").tag("command", "get").tag("outcome", "success").timer();
		assertThat(gets.count()).isGreaterThanOrEqualTo(500);
		System.out.printf("Redis GET through the shared store: mean %.3f ms, max %.3f ms over %d calls%n",
				gets.mean(TimeUnit.MILLISECONDS), gets.max(TimeUnit.MILLISECONDS), gets.count());
	}

	@Test
	void failsFastWhileRedisIsDownAndRecoversByItself() {
		try (RedisServer own = RedisServer.startNew(); Wiring wiring = new Wiring(own.url(), Duration.ofMillis(200))) {
			SharedStore store = wiring.store;
			store.set(key + "x", "1", Duration.ofMinutes(1));

			own.stop();
			for (int i = 0; i < 20; i++) {
				long start = System.nanoTime();
				assertThatThrownBy(() -> store.exists(key + "x")).isInstanceOf(SharedStoreUnavailableException.class);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
			}

			own.start();
			eventually(() -> {
				try {
					store.set(key + "x", "2", Duration.ofMinutes(1));
					return true;
				}
				catch (SharedStoreUnavailableException ex) {
					return false;
				}
			});
			assertThat(store.get(key + "x")).contains("2");
		}
	}

	@Test
	void aHungServerCostsOneTimeoutThenFailsFast() {
		try (RedisServer own = RedisServer.startNew(); Wiring wiring = new Wiring(own.url(), Duration.ofSeconds(5))) {
			SharedStore store = wiring.store;
			store.set(key + "x", "1", Duration.ofMinutes(1));

			own.pause();
			try {
				long first = System.nanoTime();
				assertThatThrownBy(() -> store.get(key + "x")).isInstanceOf(SharedStoreUnavailableException.class);
				assertThat(Duration.ofNanos(System.nanoTime() - first)).isLessThan(Duration.ofMillis(1000));
				// the breaker is open: no more waiting on the frozen server
				for (int i = 0; i < 20; i++) {
					long start = System.nanoTime();
					assertThatThrownBy(() -> store.get(key + "x")).isInstanceOf(SharedStoreUnavailableException.class);
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(50));
				}
			}
			finally {
				own.resume();
			}
		}
	}

	/** The production beans of {@link RedisStoreConfiguration}, outside a context. */
	static final class Wiring implements AutoCloseable {

		final ClientResources resources;

		final LettuceConnectionFactory connections;

		final SharedStore store;

		Wiring(String url, Duration failureBackoff) {
			RedisProperties properties = new RedisProperties(url, null, null, true, Duration.ofSeconds(1),
					Duration.ofMillis(250), failureBackoff, Duration.ofMinutes(5));
			RedisStoreConfiguration configuration = new RedisStoreConfiguration();
			resources = configuration.redisClientResources(meters);
			connections = configuration.redisConnectionFactory(configuration.redisEndpoint(properties), properties,
					resources);
			connections.afterPropertiesSet();
			store = configuration.sharedStore(connections, configuration.redisCircuitBreaker(properties), meters);
		}

		@Override
		public void close() {
			connections.destroy();
			resources.shutdown();
		}

	}

}
