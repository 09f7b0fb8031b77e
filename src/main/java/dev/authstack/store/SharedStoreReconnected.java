package dev.authstack.store;

/**
 * Published (off the Redis I/O thread) when the connection to the shared store's server
 * is back after it was lost. The server may have lost data meanwhile (restart without
 * persistence, failover), so features that keep marks there should re-write what the
 * database knows.
 */
public record SharedStoreReconnected() {
}
