package dev.authstack.account;

import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.authstack.store.NearCache;
import dev.authstack.store.NearCaches;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Cache-aside for account views, by id and by username. A cache that fails (Redis away)
 * is skipped, never fatal: the database answers instead. Changes evict both keys once the
 * change has committed, so the next read on any replica sees it.
 */
@Component
class AccountCache {

	static final String NAME = "accounts";

	private static final Logger log = LoggerFactory.getLogger(AccountCache.class);

	private final Cache cache;

	/**
	 * This replica's memory of the entries, keyed by their Redis key; dropped everywhere
	 * on eviction.
	 */
	private final NearCache<Optional<AccountView>> near;

	private final String keyPrefix;

	private final Counter hits;

	private final Counter misses;

	private final Counter errors;

	AccountCache(CacheManager cacheManager, MeterRegistry meters, NearCaches nearCaches) {
		this.cache = cacheManager.getCache(NAME);
		this.keyPrefix = AccountCacheSpec.SPEC.keyPrefix();
		this.near = nearCaches.create(NAME, keyPrefix, 10_000);
		this.hits = counter(meters, "hit");
		this.misses = counter(meters, "miss");
		this.errors = counter(meters, "error");
	}

	private static Counter counter(MeterRegistry meters, String result) {
		return Counter.builder("authstack.cache.requests")
			.description("Account cache lookups by result")
			.tag("cache", NAME)
			.tag("result", result)
			.register(meters);
	}

	Optional<AccountView> byId(long id, Supplier<Optional<AccountView>> loader) {
		return get("id:" + id, loader);
	}

	Optional<AccountView> byUsername(String username, Supplier<Optional<AccountView>> loader) {
		return get("name:" + username, loader);
	}

	private Optional<AccountView> get(String key, Supplier<Optional<AccountView>> loader) {
		return near.get(keyPrefix + key, () -> shared(key, loader));
	}

	private Optional<AccountView> shared(String key, Supplier<Optional<AccountView>> loader) {
		try {
			Cache.ValueWrapper cached = cache.get(key);
			if (cached != null && cached.get() instanceof AccountView view) {
				hits.increment();
				return Optional.of(view);
			}
			misses.increment();
		}
		catch (RuntimeException ex) {
			errors.increment();
			log.debug("Account cache read failed: {}", ex.getClass().getSimpleName());
			return loader.get();
		}
		Optional<AccountView> loaded = loader.get();
		loaded.ifPresent(view -> put(key, view));
		return loaded;
	}

	private void put(String key, AccountView view) {
		try {
			cache.put(key, view);
		}
		catch (RuntimeException ex) {
			errors.increment();
			log.debug("Account cache write failed: {}", ex.getClass().getSimpleName());
		}
	}

	/**
	 * Evicts now and, inside a transaction, again after commit (a reader may refill in
	 * between).
	 */
	void evict(Account account) {
		Long id = account.getId();
		String username = Identifier.normalize(account.getUsername());
		evictNow(id, username);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					evictNow(id, username);
				}
			});
		}
	}

	private void evictNow(Long id, String username) {
		// each key on its own: a failure on one must not skip the other
		evictKey("id:" + id);
		evictKey("name:" + username);
	}

	private void evictKey(String key) {
		// here at once, and on the other replicas as soon as they hear of it
		near.invalidate(keyPrefix + key);
		try {
			cache.evict(key);
		}
		catch (RuntimeException ex) {
			errors.increment();
			log.warn(
					"Account cache eviction failed ({}); retried once the cache answers again, expires by TTL at the latest",
					ex.getClass().getSimpleName());
		}
	}

}
