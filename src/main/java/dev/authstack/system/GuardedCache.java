package dev.authstack.system;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.cache.Cache;

/**
 * A Redis cache behind the {@link RedisCircuitBreaker}: while Redis is failing, every operation
 * throws at once instead of waiting out a timeout, and the caller (see AccountCache) reads from
 * PostgreSQL. Evictions that could not be done are remembered and done first once Redis answers
 * again, so an entry changed during the outage is not served stale when Redis comes back with
 * its data (AOF, or a network partition). Failures still reach the caller, who counts them.
 */
class GuardedCache implements Cache {

	/** Beyond this many missed evictions, the whole cache is cleared on recovery instead. */
	static final int MAX_PENDING_EVICTIONS = 10_000;

	private final Cache delegate;

	private final RedisCircuitBreaker breaker;

	private final Set<Object> pendingEvictions = ConcurrentHashMap.newKeySet();

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
		return breaker.call(() -> {
			catchUp();
			return operation.get();
		});
	}

	private void catchUp() {
		if (clearPending) {
			pendingEvictions.clear();
			clearPending = false;
			try {
				delegate.clear();
			}
			catch (RuntimeException ex) {
				clearPending = true;
				throw ex;
			}
			return;
		}
		if (pendingEvictions.isEmpty()) {
			return;
		}
		for (Object key : List.copyOf(pendingEvictions)) {
			// removed first: a miss recorded meanwhile for the same key stays recorded
			if (pendingEvictions.remove(key)) {
				try {
					delegate.evict(key);
				}
				catch (RuntimeException ex) {
					pendingEvictions.add(key);
					throw ex;
				}
			}
		}
	}

	private void remember(Object key) {
		if (pendingEvictions.size() >= MAX_PENDING_EVICTIONS) {
			clearPending = true;
		}
		else {
			pendingEvictions.add(key);
		}
	}

}
