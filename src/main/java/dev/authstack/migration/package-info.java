/**
 * The {@code db} command: alembic-style migrations on Flyway, without a Spring context.
 * {@link dev.authstack.migration.MigrationCli} is the entry point; each command is one
 * class, registered in {@link dev.authstack.migration.Commands}. Flyway plumbing lives in
 * {@code flyway/}, schema diffing in {@code schema/}; both are internal to this module.
 */
@ApplicationModule(displayName = "Migrations CLI", allowedDependencies = { "database", "system" })
package dev.authstack.migration;

import org.springframework.modulith.ApplicationModule;
