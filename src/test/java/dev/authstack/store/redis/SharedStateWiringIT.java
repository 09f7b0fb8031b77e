package dev.authstack.store.redis;

import dev.authstack.AuthApplication;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Startup decisions about shared state: what prod refuses, and how a bad URL is reported.
 */
@ExtendWith(PostgresExtension.class)
class SharedStateWiringIT {

	@Test
	void prodProfileRefusesInProcessSharedState() {
		assertThatThrownBy(() -> start("prod", "--auth.redis.url="))
			.hasStackTraceContaining("AUTH_REDIS_URL is not set");
	}

	@Test
	void aMalformedRedisUrlStopsStartupWithoutRepeatingIt() {
		assertThatThrownBy(() -> start("test", "--auth.redis.url=http://:hunter2-secret@redis:6379"))
			.hasStackTraceContaining("AUTH_REDIS_URL must start with redis://, rediss://, redis-sentinel://")
			.satisfies(ex -> org.assertj.core.api.Assertions.assertThat(stackTrace(ex)).doesNotContain("hunter2"));
	}

	private static void start(String profile, String redisUrl) {
		new SpringApplicationBuilder(AuthApplication.class).main(AuthApplication.class)
			.profiles(profile)
			.run("--server.port=0", "--management.server.port=0", "--auth.db.url=" + PostgresServer.jdbcUrl(),
					"--auth.db.username=" + PostgresServer.username(), redisUrl)
			.close();
	}

	private static String stackTrace(Throwable ex) {
		java.io.StringWriter out = new java.io.StringWriter();
		ex.printStackTrace(new java.io.PrintWriter(out));
		return out.toString();
	}

}
