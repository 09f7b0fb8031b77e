/** The security filter chains (API bearer tokens, page cookie with CSRF), the firewall and the cookie. */
@NamedInterface("security")
package dev.authstack.auth.security;

import org.springframework.modulith.NamedInterface;
