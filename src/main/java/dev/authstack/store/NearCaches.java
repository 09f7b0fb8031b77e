package dev.authstack.store;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/** Makes {@link NearCache}s over this replica's {@link Invalidations}. */
@Component
public class NearCaches {

	private final Invalidations invalidations;

	private final MeterRegistry meters;

	private final NearCacheProperties properties;

	NearCaches(Invalidations invalidations, MeterRegistry meters, NearCacheProperties properties) {
		this.invalidations = invalidations;
		this.meters = meters;
		this.properties = properties;
	}

	/** A near cache for the shared keys that start with {@code prefix}. */
	public <V> NearCache<V> create(String name, String prefix, int maximumSize) {
		Invalidations source = properties.enabled() ? invalidations : Invalidations.NONE;
		return new NearCache<>(name, prefix, source, properties.ttl(), maximumSize, meters);
	}

}
