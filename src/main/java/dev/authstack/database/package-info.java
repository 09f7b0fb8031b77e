/**
 * The data source: PostgreSQL named by AUTH_DB_URL, or the embedded default; shared with
 * the {@code db} CLI.
 */
@ApplicationModule(displayName = "Database", allowedDependencies = { "system" })
package dev.authstack.database;

import org.springframework.modulith.ApplicationModule;
