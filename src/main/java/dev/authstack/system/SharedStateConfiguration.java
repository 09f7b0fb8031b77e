package dev.authstack.system;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.cache.CacheManager;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The in-process shared store and object cache of the embedded default. (Redis-backed versions
 * replace these when AUTH_REDIS_URL is set.)
 */
@Configuration(proxyBeanMethods = false)
class SharedStateConfiguration {

	@Bean
	SharedStore sharedStore() {
		return new InMemorySharedStore();
	}

	@Bean
	CacheManager cacheManager() {
		CaffeineCacheManager manager = new CaffeineCacheManager();
		manager.setCaffeine(Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).recordStats());
		return manager;
	}

}
