package dev.authstack.store;

import java.time.Duration;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Buckets in this process, in a bounded cache: a client idle for longer than a bucket
 * takes to refill loses nothing by being forgotten, and a flood of addresses cannot grow
 * it without limit.
 */
public class InMemoryRateLimitBuckets implements RateLimitBuckets {

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	@Override
	public ConsumptionProbe tryConsume(String key, Supplier<BucketConfiguration> configuration) {
		return bucket(key, configuration).tryConsumeAndReturnRemaining(1);
	}

	@Override
	public boolean tryConsume(String key, Supplier<BucketConfiguration> configuration, Duration maxWait)
			throws InterruptedException {
		return bucket(key, configuration).asBlocking().tryConsume(1, maxWait);
	}

	private Bucket bucket(String key, Supplier<BucketConfiguration> configuration) {
		return buckets.get(key, k -> {
			var builder = Bucket.builder();
			for (var limit : configuration.get().getBandwidths()) {
				builder.addLimit(limit);
			}
			return builder.build();
		});
	}

	@Override
	public String kind() {
		return "in-process";
	}

}
