package dev.authstack.auth;

import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RedisExtension;
import dev.authstack.support.RedisServer;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link BruteForceScenarios} with the counters on a real redis-server. */
@IntegrationTest
@ExtendWith(RedisExtension.class)
class BruteForceRedisIT extends BruteForceScenarios {

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("auth.redis.url", () -> RedisServer.shared().url());
	}

}
