package dev.authstack.store;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Whether {@code auth.redis.url} (AUTH_REDIS_URL) names a server. Wiring follows the
 * value, never the profile; an empty value (the default) selects the in-process beans.
 * Asked by the bean registrars of both wirings at startup, not by a {@code @Conditional}:
 * Spring AOT evaluates conditions once, at build time, and would freeze the choice into
 * the jar.
 */
public final class RedisConfigured {

	public static final String PROPERTY = "auth.redis.url";

	private RedisConfigured() {
	}

	public static boolean in(Environment environment) {
		return StringUtils.hasText(environment.getProperty(PROPERTY));
	}

}
