/**
 * Accounts: signup, profile, self-service and admin routes, the account cache, the first admin.
 * Passwords are hashed with the {@code password} module's encoder.
 */
@ApplicationModule(displayName = "Accounts", allowedDependencies = { "audit", "database", "password", "security", "store",
		"system" })
package dev.authstack.account;

import org.springframework.modulith.ApplicationModule;
