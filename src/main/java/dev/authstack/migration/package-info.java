/** The {@code db} command: alembic-style migrations on Flyway, without a Spring context. */
@ApplicationModule(displayName = "Migrations CLI", allowedDependencies = { "database", "system" })
package dev.authstack.migration;

import org.springframework.modulith.ApplicationModule;
