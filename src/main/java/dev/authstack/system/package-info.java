/**
 * Cross-cutting web plumbing only: problem details, request id, body limit, health route,
 * OpenAPI, secret files, scheduling, the guard of Spring AOT starts. It takes no bean of
 * another module: what the health route reports comes from each owner's
 * {@link dev.authstack.system.DependencyCheck}.
 */
@ApplicationModule(displayName = "System", allowedDependencies = {})
package dev.authstack.system;

import org.springframework.modulith.ApplicationModule;
