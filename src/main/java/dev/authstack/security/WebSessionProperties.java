package dev.authstack.security;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The browser session of the pages: an HttpOnly, SameSite=Lax cookie holding the access
 * token.
 */
@Validated
@ConfigurationProperties("auth.web")
record WebSessionProperties(@DefaultValue("authstack_session") @NotBlank String cookieName,
		@DefaultValue("false") boolean secureCookies) {
}
