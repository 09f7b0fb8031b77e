/**
 * Passwords: Argon2id hashing (libargon2, Java fallback) with bounded admission (shed,
 * never queued without bound), the per-account lockout every password check goes through,
 * and the password policy. Other modules use {@link dev.authstack.password.Passwords} and
 * {@link dev.authstack.password.PasswordPolicy}, nothing else of it.
 */
@ApplicationModule(displayName = "Passwords", allowedDependencies = { "store", "system" })
package dev.authstack.password;

import org.springframework.modulith.ApplicationModule;
