/** Password hashing: Argon2id (libargon2, Java fallback), bounded concurrency. */
@ApplicationModule(displayName = "Passwords", allowedDependencies = {})
package dev.authstack.password;

import org.springframework.modulith.ApplicationModule;
