package dev.authstack.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import dev.authstack.ratelimit.RateLimitProperties.Zone;
import dev.authstack.store.RateLimitBuckets;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * nginx's {@code limit_req} as token buckets. nodelay: {@code burst + 1} tokens (nginx
 * serves the first request and {@code burst} beyond the rate at once), refilled
 * continuously at the rate. Without nodelay: one token, and a request may wait for a
 * future one as long as no more than {@code burst} are waiting, which is nginx's queue of
 * delayed requests.
 */
final class RateLimiter {

	private final String name;

	private final Zone zone;

	private final RateLimitBuckets buckets;

	private final Supplier<BucketConfiguration> configuration;

	RateLimiter(String name, Zone zone, RateLimitBuckets buckets) {
		this.name = name;
		this.zone = zone;
		this.buckets = buckets;
		BucketConfiguration config = BucketConfiguration.builder()
			.addLimit(limit -> limit.capacity(zone.nodelay() ? zone.burst() + 1 : 1)
				.refillGreedy(zone.requests(), zone.period()))
			.build();
		this.configuration = () -> config;
	}

	/**
	 * Empty when the request may go on (possibly after waiting); else the Retry-After.
	 */
	Optional<Duration> admit(String client) {
		String key = name + ":" + client;
		if (zone.nodelay()) {
			ConsumptionProbe probe = buckets.tryConsume(key, configuration);
			return probe.isConsumed() ? Optional.empty()
					: Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
		}
		try {
			return buckets.tryConsume(key, configuration, zone.interval().multipliedBy(zone.burst())) ? Optional.empty()
					: Optional.of(zone.interval());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.of(zone.interval());
		}
	}

	String name() {
		return name;
	}

}
