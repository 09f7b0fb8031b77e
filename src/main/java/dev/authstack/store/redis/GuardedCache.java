package dev.authstack.store.redis;

import dev.authstack.store.SharedStoreUnavailableException;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.springframework.cache.Cache;

/**
 * A Redis cache behind the {@link RedisCircuitBreaker}: while Redis is failing, every
 * operation throws at once instead of waiting out a timeout, and the caller (see
 * AccountCache) reads from PostgreSQL. Evictions that could not be done are remembered
 * and done first once Redis answers again, so an entry changed during the outage is not
 * served stale when Redis comes back with its data (AOF, or a network partition).
 * Failures still reach the caller, who counts them.
 * <p>
 * This relies on the delegate's writes being synchronous (RedisCacheManagerConfiguration
 * asks for immediate writes): an eviction that returns has been done by Redis, one that
 * has not throws.
 */
class GuardedCache implements Cache {

	/**
	 * Beyond this many missed evictions, the whole cache is cleared on recovery instead.
	 */
	static final int MAX_PENDING_EVICTIONS = 10_000;

	private final Cache delegate;

	private final RedisCircuitBreaker breaker;

	/**
	 * Missed evictions, each with a stamp that tells a newer miss of the same key from
	 * the one replayed.
	 */
	private final Map<Object, Long> pendingEvictions = new ConcurrentHashMap<>();

	private final AtomicLong stamps = new AtomicLong();

	private final ReentrantLock replay = new ReentrantLock();

	private volatile boolean clearPending;

	GuardedCache(Cache delegate, RedisCircuitBreaker breaker) {
		this.delegate = delegate;
		this.breaker = breaker;
	}

	@Override
	public String getName() {
		return delegate.getName();
	}

	@Override
	public Object getNativeCache() {
		return delegate.getNativeCache();
	}

	@Override
	public ValueWrapper get(Object key) {
		return guarded(() -> delegate.get(key));
	}

	@Override
	public <T> T get(Object key, Class<T> type) {
		return guarded(() -> delegate.get(key, type));
	}

	@Override
	public <T> T get(Object key, Callable<T> valueLoader) {
		return guarded(() -> delegate.get(key, valueLoader));
	}

	@Override
	public CompletableFuture<?> retrieve(Object key) {
		return guarded(() -> delegate.retrieve(key));
	}

	@Override
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		return guarded(() -> delegate.retrieve(key, valueLoader));
	}

	@Override
	public void put(Object key, Object value) {
		guarded(() -> {
			delegate.put(key, value);
			return null;
		});
	}

	@Override
	public ValueWrapper putIfAbsent(Object key, Object value) {
		return guarded(() -> delegate.putIfAbsent(key, value));
	}

	@Override
	public void evict(Object key) {
		try {
			guarded(() -> {
				delegate.evict(key);
				return null;
			});
		}
		catch (RuntimeException ex) {
			remember(key);
			throw ex;
		}
	}

	@Override
	public boolean evictIfPresent(Object key) {
		try {
			return guarded(() -> delegate.evictIfPresent(key));
		}
		catch (RuntimeException ex) {
			remember(key);
			throw ex;
		}
	}

	@Override
	public void clear() {
		try {
			guarded(() -> {
				delegate.clear();
				return null;
			});
		}
		catch (RuntimeException ex) {
			clearPending = true;
			throw ex;
		}
	}

	@Override
	public boolean invalidate() {
		try {
			return guarded(delegate::invalidate);
		}
		catch (RuntimeException ex) {
			clearPending = true;
			throw ex;
		}
	}

	/** How many evictions wait for Redis to return. */
	int pendingEvictions() {
		return pendingEvictions.size();
	}

	private <T> T guarded(Supplier<T> operation) {
		if (pendingEvictions.isEmpty() && !clearPending) {
			return breaker.call(operation);
		}
		// One caller replays; the others skip the cache meanwhile (not a Redis failure,
		// so outside the breaker): a key leaves the pending set only once Redis has
		// evicted it, so nobody reads an entry whose eviction is still on its way.
		if (!replay.tryLock()) {
			throw new SharedStoreUnavailableException("Cache skipped while missed evictions are replayed", null);
		}
		try {
			return breaker.call(() -> {
				catchUp();
				return operation.get();
			});
		}
		finally {
			replay.unlock();
		}
	}

	private void catchUp() {
		if (clearPending) {
			Map<Object, Long> covered = Map.copyOf(pendingEvictions);
			// reset first: an overflow recorded during the clear asks for another
			clearPending = false;
			try {
				delegate.clear();
			}
			catch (RuntimeException ex) {
				clearPending = true;
				throw ex;
			}
			covered.forEach(pendingEvictions::remove);
		}
		for (Map.Entry<Object, Long> missed : Map.copyOf(pendingEvictions).entrySet()) {
			delegate.evict(missed.getKey());
			// only the miss just replayed: one recorded meanwhile for the same key stays
			pendingEvictions.remove(missed.getKey(), missed.getValue());
		}
	}

	private void remember(Object key) {
		if (pendingEvictions.size() >= MAX_PENDING_EVICTIONS) {
			clearPending = true;
		}
		else {
			pendingEvictions.put(key, stamps.incrementAndGet());
		}
	}

}
