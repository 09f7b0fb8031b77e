/**
 * The audit trail: who did what, when, from where; never a secret. Written over the
 * {@code database} module's data source, a bean it takes through Spring's JDBC support
 * and no type of that module.
 */
@ApplicationModule(displayName = "Audit", allowedDependencies = { "database" })
package dev.authstack.audit;

import org.springframework.modulith.ApplicationModule;
