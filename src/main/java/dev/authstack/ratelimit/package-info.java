/**
 * The in-process per-IP limiter: nginx's {@code limit_req} (rate, burst, nodelay; the
 * stricter login zone) for the embedded default, where no nginx stands in front. Buckets
 * from the {@code store} module (shared through Redis when configured).
 */
@ApplicationModule(displayName = "Rate limiting", allowedDependencies = { "store", "system" })
package dev.authstack.ratelimit;

import org.springframework.modulith.ApplicationModule;
