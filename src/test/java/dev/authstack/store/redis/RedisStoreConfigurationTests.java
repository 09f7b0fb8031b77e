package dev.authstack.store.redis;

import dev.authstack.store.RedisConfigured;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.support.BeanRegistryAdapter;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis wiring follows AUTH_REDIS_URL of the run: its registrars are called at
 * startup, also in an AOT-processed jar, and register nothing (so connect to nothing)
 * without a URL.
 */
class RedisStoreConfigurationTests {

	@Test
	void registersTheRedisBeansWhenAUrlIsSet() {
		MockEnvironment environment = new MockEnvironment().withProperty(RedisConfigured.PROPERTY,
				"redis://redis:6379");
		assertThat(registered(new RedisStoreConfiguration.Registrar(), environment)).contains("redisConnectionFactory",
				"redisClientResources", "sharedStore", "invalidations", "attemptCounter", "rateLimitBuckets",
				"redisHealthCheck", "redisWarmUp");
		assertThat(registered(new RedisCacheManagerConfiguration.Registrar(), environment))
			.containsExactly("cacheManager");
	}

	@Test
	void registersNothingWithoutAUrl() {
		for (String url : new String[] { "", "  " }) {
			MockEnvironment environment = new MockEnvironment().withProperty(RedisConfigured.PROPERTY, url);
			assertThat(registered(new RedisStoreConfiguration.Registrar(), environment)).isEmpty();
			assertThat(registered(new RedisCacheManagerConfiguration.Registrar(), environment)).isEmpty();
		}
		assertThat(registered(new RedisStoreConfiguration.Registrar(), new MockEnvironment())).isEmpty();
	}

	private static String[] registered(BeanRegistrar registrar, MockEnvironment environment) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		registrar.register(new BeanRegistryAdapter(beans, environment, registrar.getClass()), environment);
		return beans.getBeanDefinitionNames();
	}

}
