/**
 * Redis: client and connection, circuit breaker, reconnect events, health, the guarded
 * cache.
 */
package dev.authstack.store.redis;
