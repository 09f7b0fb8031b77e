package dev.authstack.store.redis;

import java.time.Duration;
import java.util.function.Supplier;

import dev.authstack.store.InMemoryRateLimitBuckets;
import dev.authstack.store.RateLimitBuckets;
import dev.authstack.store.SharedStoreUnavailableException;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The limiter's buckets on Redis, through Bucket4j's Lettuce integration
 * (compare-and-swap by Lua script, one key per bucket under {@code authstack:ratelimit:},
 * expiring once the bucket would be full again). Its own connection from the service's
 * client (same resources, timeouts and reconnection), opened on first use so the service
 * starts while Redis is away. Behind the circuit breaker: while Redis fails, this
 * process's buckets answer.
 */
class RedisRateLimitBuckets implements RateLimitBuckets, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RedisRateLimitBuckets.class);

	static final String PREFIX = "authstack:ratelimit:";

	private final LettuceConnectionFactory connections;

	private final RedisCircuitBreaker breaker;

	private final RateLimitBuckets local = new InMemoryRateLimitBuckets();

	private volatile StatefulRedisConnection<String, byte[]> connection;

	private volatile ProxyManager<String> proxies;

	RedisRateLimitBuckets(LettuceConnectionFactory connections, RedisCircuitBreaker breaker) {
		this.connections = connections;
		this.breaker = breaker;
	}

	@Override
	public ConsumptionProbe tryConsume(String key, Supplier<BucketConfiguration> configuration) {
		try {
			return breaker
				.call(() -> proxies().builder().build(PREFIX + key, configuration).tryConsumeAndReturnRemaining(1));
		}
		catch (RuntimeException ex) {
			fallingBack(ex);
		}
		return local.tryConsume(key, configuration);
	}

	@Override
	public boolean tryConsume(String key, Supplier<BucketConfiguration> configuration, Duration maxWait)
			throws InterruptedException {
		try {
			return breaker.call(() -> {
				try {
					return proxies().builder().build(PREFIX + key, configuration).asBlocking().tryConsume(1, maxWait);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			});
		}
		catch (RuntimeException ex) {
			fallingBack(ex);
		}
		return local.tryConsume(key, configuration, maxWait);
	}

	/** The breaker logs outages; this says once that the limiter is affected, and why. */
	private void fallingBack(RuntimeException ex) {
		if (!warned && !(ex instanceof SharedStoreUnavailableException)) {
			warned = true;
			log.warn("Rate-limit buckets on Redis failed ({}: {}); using this instance's buckets meanwhile",
					ex.getClass().getSimpleName(), ex.getMessage());
		}
	}

	private volatile boolean warned;

	private ProxyManager<String> proxies() {
		ProxyManager<String> current = proxies;
		if (current != null) {
			return current;
		}
		synchronized (this) {
			if (proxies == null) {
				RedisClient client = (RedisClient) connections.getRequiredNativeClient();
				connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
				proxies = Bucket4jLettuce.casBasedBuilder(connection)
					.expirationAfterWrite(
							ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
					.build();
			}
			return proxies;
		}
	}

	@Override
	public String kind() {
		return "redis";
	}

	@Override
	public void destroy() {
		StatefulRedisConnection<String, byte[]> open = connection;
		if (open != null) {
			open.close();
		}
	}

}
