/** The server-rendered pages: home, signup, login, account. */
@ApplicationModule(displayName = "Pages", allowedDependencies = { "account", "auth", "password", "security" })
package dev.authstack.web;

import org.springframework.modulith.ApplicationModule;
