package dev.authstack.store;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Token buckets (Bucket4j) by key, for the per-IP limiter: in this process by default, on
 * Redis when AUTH_REDIS_URL is set, so every replica draws on the same bucket. While
 * Redis fails, the buckets of this process stand in (limits then hold per replica), as
 * the lockout does.
 */
public interface RateLimitBuckets {

	/**
	 * One token now if there is one; the probe tells how long until the next otherwise.
	 */
	ConsumptionProbe tryConsume(String key, Supplier<BucketConfiguration> configuration);

	/** One token, waiting for it at most {@code maxWait} (nginx without nodelay). */
	boolean tryConsume(String key, Supplier<BucketConfiguration> configuration, Duration maxWait)
			throws InterruptedException;

	/** "redis" or "in-process". */
	String kind();

}
