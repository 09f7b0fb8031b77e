package dev.authstack.store;

import dev.authstack.system.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.BeanRegistryAdapter;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The in-process wiring is decided by the environment of the run (an AOT-processed jar
 * calls the registrar again at startup), not by a condition evaluated once at build time.
 */
class InProcessStoreConfigurationTests {

	@Test
	void registersTheInProcessBeansWithoutARedisUrl() {
		assertThat(registered(new MockEnvironment().withProperty(RedisConfigured.PROPERTY, "")))
			.containsExactlyInAnyOrder("sharedStore", "invalidations", "attemptCounter", "rateLimitBuckets",
					"cacheManager");
	}

	@Test
	void registersNothingWhenRedisIsConfigured() {
		assertThat(registered(new MockEnvironment().withProperty(RedisConfigured.PROPERTY, "redis://redis:6379")))
			.isEmpty();
	}

	@Test
	void refusesWhereInProcessStateIsNotAllowed() {
		MockEnvironment prod = new MockEnvironment().withProperty("auth.redis.allow-in-process", "false");
		prod.setActiveProfiles("prod");
		assertThatThrownBy(() -> registered(prod)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("AUTH_REDIS_URL is not set, and this profile (prod)");
	}

	private static String[] registered(MockEnvironment environment) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		new InProcessStoreConfiguration.Registrar().register(
				new BeanRegistryAdapter(beans, environment, InProcessStoreConfiguration.Registrar.class), environment);
		return beans.getBeanDefinitionNames();
	}

}
