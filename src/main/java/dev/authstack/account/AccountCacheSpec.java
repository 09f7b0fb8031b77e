package dev.authstack.account;

import dev.authstack.store.CacheSpec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the accounts cache, so Redis can store its {@link AccountView}s as typed JSON.
 */
@Configuration(proxyBeanMethods = false)
class AccountCacheSpec {

	/**
	 * Raise when {@link AccountView}'s fields change: entries of the old shape are then
	 * never read.
	 */
	static final int VERSION = 1;

	static final CacheSpec SPEC = new CacheSpec(AccountCache.NAME, AccountView.class, VERSION);

	@Bean
	CacheSpec accountsCache() {
		return SPEC;
	}

}
