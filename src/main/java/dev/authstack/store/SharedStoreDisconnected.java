package dev.authstack.store;

/**
 * Published the moment the connection to the shared store's server drops, on the client's
 * I/O thread: listeners must only flip a flag. Until {@link SharedStoreReconnected} and
 * the work it triggers are done, what the server holds may be stale or lost.
 */
public record SharedStoreDisconnected() {
}
