package dev.authstack.store;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether {@code auth.redis.url} (AUTH_REDIS_URL) names a server. Wiring follows the value, never
 * the profile; an empty value (the default) selects the in-process beans.
 */
public class RedisConfigured implements Condition {

	public static final String PROPERTY = "auth.redis.url";

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return StringUtils.hasText(context.getEnvironment().getProperty(PROPERTY));
	}

	public static class Not implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !StringUtils.hasText(context.getEnvironment().getProperty(PROPERTY));
		}

	}

}
