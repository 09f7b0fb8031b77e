/**
 * Who is calling: the security filter chains (API bearer tokens; pages by cookie with
 * CSRF), the firewall, the session cookie, the claim names and the
 * {@link dev.authstack.security.Caller} that controllers receive. It depends on no
 * feature, so every feature's controllers may use it ({@code auth} depends on
 * {@code account}, so this cannot live inside {@code auth}). The chains need two beans
 * whoever mints the tokens provides, {@code auth} in the application: a
 * {@code JwtDecoder} and the {@link dev.authstack.security.LiveSessions} allow-list.
 */
@ApplicationModule(displayName = "Security", allowedDependencies = { "system" })
package dev.authstack.security;

import org.springframework.modulith.ApplicationModule;
