package dev.authstack.store;

/**
 * A cache a feature uses, declared as a bean by that feature. With Redis, values are
 * stored as plain JSON of exactly {@code valueType} (no type hints in the payload), under
 * keys {@code authstack:v<version>:<name>::<key>}: raise {@code version} whenever the
 * value's shape changes, so a deploy never reads entries written by the previous one.
 * In-process caches ignore both.
 */
public record CacheSpec(String name, Class<?> valueType, int version) {

	public CacheSpec {
		if (name == null || name.isBlank() || name.contains(":")) {
			throw new IllegalArgumentException("A cache name must be non-blank and free of ':'");
		}
		if (version < 1) {
			throw new IllegalArgumentException("A cache version starts at 1");
		}
	}

	/** The Redis key prefix of this cache's entries. */
	public String keyPrefix() {
		return "authstack:v" + version + ":" + name + "::";
	}

}
