/**
 * Cross-cutting web plumbing only: problem details, request id, body limit, health route,
 * OpenAPI, secret files, scheduling.
 */
@ApplicationModule(displayName = "System", allowedDependencies = {})
package dev.authstack.system;

import org.springframework.modulith.ApplicationModule;
