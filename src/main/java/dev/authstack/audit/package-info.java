/** The audit trail: who did what, when, from where; never a secret. */
@ApplicationModule(displayName = "Audit", allowedDependencies = {})
package dev.authstack.audit;

import org.springframework.modulith.ApplicationModule;
