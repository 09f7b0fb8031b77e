/**
 * Login, tokens and sessions: password checks and lockout, access and refresh tokens, signing
 * keys, revocation. {@code auth.security} holds the filter chains and the page cookie.
 */
@ApplicationModule(displayName = "Authentication", allowedDependencies = { "account", "audit", "password", "store",
		"system" })
package dev.authstack.auth;

import org.springframework.modulith.ApplicationModule;
