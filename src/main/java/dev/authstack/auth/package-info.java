/**
 * Login, tokens and sessions: password checks and lockout, access and refresh tokens,
 * signing keys, revocation.
 */
@ApplicationModule(displayName = "Authentication",
		allowedDependencies = { "account", "audit", "database", "password", "security", "store", "system" })
package dev.authstack.auth;

import org.springframework.modulith.ApplicationModule;
