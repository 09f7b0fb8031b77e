package dev.authstack.store.redis;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisEndpointTests {

	@Test
	void readsHostPortAndDatabase() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://cache.internal:6380/2", null);

		assertThat(endpoint.tls()).isFalse();
		assertThat(endpoint.host()).isEqualTo("cache.internal");
		assertThat(endpoint.port()).isEqualTo(6380);
		assertThat(endpoint.database()).isEqualTo(2);
		assertThat(endpoint.password()).isNull();
		assertThat(endpoint).hasToString("redis://cache.internal:6380/2");
	}

	@Test
	void defaultsToPort6379AndDatabaseZero() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://redis", null);

		assertThat(endpoint.port()).isEqualTo(6379);
		assertThat(endpoint.database()).isZero();
	}

	@Test
	void takesThePasswordFromTheUrlAndNeverShowsIt() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://:s3cret-pw@redis:6379/1", null);

		assertThat(endpoint.password()).isEqualTo("s3cret-pw");
		assertThat(endpoint.username()).isNull();
		assertThat(endpoint.toString()).isEqualTo("redis://:****@redis:6379/1").doesNotContain("s3cret");
		RedisStandaloneConfiguration configuration = endpoint.configuration();
		assertThat(configuration.getPassword().get()).isEqualTo("s3cret-pw".toCharArray());
		assertThat(configuration.getDatabase()).isEqualTo(1);
	}

	@Test
	void acceptsAnAclUser() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://auth:s3cret-pw@redis:6379", null);

		assertThat(endpoint.username()).isEqualTo("auth");
		assertThat(endpoint.password()).isEqualTo("s3cret-pw");
		assertThat(endpoint).hasToString("redis://auth:****@redis:6379/0");
	}

	@Test
	void takesThePasswordFromAuthRedisPassword() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://redis:6379", "from-env");

		assertThat(endpoint.password()).isEqualTo("from-env");
		assertThat(endpoint.toString()).doesNotContain("from-env");
	}

	@Test
	void refusesTwoPasswords() {
		assertThatThrownBy(() -> RedisEndpoint.parse("redis://:one@redis:6379", "two"))
			.hasMessageContaining("set only one")
			.hasMessageNotContaining("one@")
			.hasMessageNotContaining("two");
	}

	@Test
	void tlsWithRediss() {
		RedisEndpoint endpoint = RedisEndpoint.parse("rediss://:pw@redis.example.com:6380", null);

		assertThat(endpoint.tls()).isTrue();
		assertThat(endpoint).hasToString("rediss://:****@redis.example.com:6380/0");
	}

	@Test
	void acceptsIpv6Literals() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://[::1]:6380/3", null);

		assertThat(endpoint.host()).isEqualTo("::1");
		assertThat(endpoint).hasToString("redis://[::1]:6380/3");
	}

	@Test
	void refusesOtherSchemesWithoutEchoingTheUrl() {
		assertThatThrownBy(() -> RedisEndpoint.parse("http://:s3cret@redis:6379", null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("redis://")
			.hasMessageNotContaining("s3cret");
		assertThatThrownBy(() -> RedisEndpoint.parse("redis://:s3cret@redis:notaport", null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageNotContaining("s3cret");
	}

}
