package dev.authstack.store.redis;

import dev.authstack.system.DependencyCheck;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * "redis" on the health route: a PING, bounded by the command timeout. Not critical, so a
 * down Redis shows as such while the service stays UP (it serves from PostgreSQL
 * meanwhile). It does not go through the breaker, since it is how an operator learns the
 * truth, but tells the breaker what it saw, which shortens the way back once Redis
 * returns.
 */
class RedisHealthCheck implements DependencyCheck {

	private static final Logger log = LoggerFactory.getLogger(RedisHealthCheck.class);

	private final RedisConnectionFactory connections;

	private final RedisCircuitBreaker breaker;

	RedisHealthCheck(RedisConnectionFactory connections, RedisCircuitBreaker breaker) {
		this.connections = connections;
		this.breaker = breaker;
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public boolean up() {
		try (RedisConnection connection = connections.getConnection()) {
			boolean up = "PONG".equalsIgnoreCase(connection.ping());
			if (up) {
				breaker.succeeded();
			}
			return up;
		}
		catch (RuntimeException ex) {
			log.debug("Redis health check failed: {}", ex.getClass().getSimpleName());
			breaker.failed(ex);
			return false;
		}
	}

	@Override
	public boolean critical() {
		return false;
	}

}
