/**
 * Accounts: signup, profile, self-service and admin routes, the account cache, the first
 * admin, and the flows that mail an account (verification, password reset, email change).
 * Passwords are hashed with the {@code password} module's encoder.
 */
@ApplicationModule(displayName = "Accounts",
		allowedDependencies = { "audit", "database", "mail", "password", "security", "store", "system" })
package dev.authstack.account;

import org.springframework.modulith.ApplicationModule;
