package dev.authstack.store.redis;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
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
		RedisStandaloneConfiguration configuration = endpoint.standaloneConfiguration();
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

	@Test
	void readsSentinelsMasterAndDatabase() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis-sentinel://s1:26380,s2,[::1]:26381/2#mymaster", null);

		assertThat(endpoint.sentinel()).isTrue();
		assertThat(endpoint.tls()).isFalse();
		assertThat(endpoint.master()).isEqualTo("mymaster");
		assertThat(endpoint.database()).isEqualTo(2);
		assertThat(endpoint.nodes()).containsExactly(new RedisEndpoint.Node("s1", 26380),
				new RedisEndpoint.Node("s2", 26379), new RedisEndpoint.Node("::1", 26381));
		RedisSentinelConfiguration configuration = endpoint.sentinelConfiguration();
		assertThat(configuration.getMaster().getName()).isEqualTo("mymaster");
		assertThat(configuration.getSentinels()).extracting(RedisNode::getHost, RedisNode::getPort)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("s1", 26380),
					org.assertj.core.groups.Tuple.tuple("s2", 26379),
					org.assertj.core.groups.Tuple.tuple("::1", 26381));
		assertThat(configuration.getDatabase()).isEqualTo(2);
		assertThat(configuration.getPassword().isPresent()).isFalse();
		assertThat(configuration.getSentinelPassword().isPresent()).isFalse();
		assertThat(endpoint).hasToString("redis-sentinel://s1:26380,s2:26379,[::1]:26381/2#mymaster");
	}

	@Test
	void takesTheMasterFromLettucesQueryParameterToo() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis-sentinel://sentinel?sentinelMasterId=auth-cache", null);

		assertThat(endpoint.master()).isEqualTo("auth-cache");
		assertThat(endpoint.database()).isZero();
		assertThat(endpoint.nodes()).containsExactly(new RedisEndpoint.Node("sentinel", 26379));
	}

	@Test
	void acceptsTheRedisPlusSentinelSpellingAndTls() {
		assertThat(RedisEndpoint.parse("redis+sentinel://s1:5000#m", null).nodes())
			.containsExactly(new RedisEndpoint.Node("s1", 5000));
		RedisEndpoint tls = RedisEndpoint.parse("rediss-sentinel://s1#m", null);
		assertThat(tls.tls()).isTrue();
		assertThat(tls).hasToString("rediss-sentinel://s1:26379/0#m");
	}

	@Test
	void sentinelUrlPasswordIsTheDataNodesAndTheSentinelsHaveTheirOwn() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis-sentinel://auth:data-pw@s1,s2#m", null, "sentinel-pw");

		RedisSentinelConfiguration configuration = endpoint.sentinelConfiguration();
		assertThat(configuration.getUsername()).isEqualTo("auth");
		assertThat(configuration.getPassword().get()).isEqualTo("data-pw".toCharArray());
		assertThat(configuration.getSentinelPassword().get()).isEqualTo("sentinel-pw".toCharArray());
		assertThat(endpoint.toString())
			.isEqualTo("redis-sentinel://auth:****@s1:26379,s2:26379/0#m (sentinel password set)")
			.doesNotContain("data-pw")
			.doesNotContain("sentinel-pw");
	}

	@Test
	void sentinelDataPasswordMayComeFromAuthRedisPassword() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis-sentinel://s1#m", "from-env");

		assertThat(endpoint.sentinelConfiguration().getPassword().get()).isEqualTo("from-env".toCharArray());
		assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://:one@s1#m", "two"))
			.hasMessageContaining("set only one")
			.hasMessageNotContaining("one@")
			.hasMessageNotContaining("two");
	}

	@Test
	void refusesASentinelUrlWithoutMaster() {
		assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://:s3cret@s1,s2", null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("master")
			.hasMessageNotContaining("s3cret");
		assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://s1#", null)).hasMessageContaining("master");
	}

	@Test
	void refusesBadSentinelAddressesWithoutEchoingTheUrl() {
		assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://:s3cret@s1,s2:notaport#m", null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageNotContaining("s3cret");
		assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://:s3cret@s1,,s2#m", null))
			.hasMessageContaining("empty sentinel address")
			.hasMessageNotContaining("s3cret");
		assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://:s3cret@s1/x#m", null))
			.hasMessageContaining("database")
			.hasMessageNotContaining("s3cret");
		assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://s1?timeout=5s#m", null))
			.hasMessageContaining("unknown parameter 'timeout'");
		assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://s1?sentinelMasterId=a#b", null))
			.hasMessageContaining("two different masters");
	}

	@Test
	void refusesASentinelPasswordWithoutSentinels() {
		assertThatThrownBy(() -> RedisEndpoint.parse("redis://redis:6379", null, "sentinel-pw"))
			.hasMessageContaining("AUTH_REDIS_SENTINELPASSWORD")
			.hasMessageNotContaining("sentinel-pw");
	}

	@Test
	void tellsSentinelConnectionsFromDataConnections() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis-sentinel://127.0.0.1:26380,localhost:26381#m", null);

		assertThat(endpoint.isSentinel(new InetSocketAddress("127.0.0.1", 26380))).isTrue();
		assertThat(endpoint.isSentinel(new InetSocketAddress("127.0.0.1", 26381))).isTrue();
		assertThat(endpoint.isSentinel(new InetSocketAddress("127.0.0.1", 6379))).isFalse();
		assertThat(RedisEndpoint.parse("redis://127.0.0.1:26380", null)
			.isSentinel(new InetSocketAddress("127.0.0.1", 26380))).isFalse();
	}

	@Test
	void aStandaloneEndpointIsNoSentinelOne() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://redis", null);

		assertThat(endpoint.sentinel()).isFalse();
		assertThatThrownBy(endpoint::sentinelConfiguration).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://s1#m", null).host())
			.isInstanceOf(IllegalStateException.class);
	}

}
