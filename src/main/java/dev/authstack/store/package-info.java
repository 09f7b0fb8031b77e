/**
 * Shared state: the {@code SharedStore} API (counters, windows, marks) and declared
 * caches, in this process by default; {@code store.redis} puts both on Redis when
 * AUTH_REDIS_URL is set.
 */
@ApplicationModule(displayName = "Shared state", allowedDependencies = { "system" })
package dev.authstack.store;

import org.springframework.modulith.ApplicationModule;
