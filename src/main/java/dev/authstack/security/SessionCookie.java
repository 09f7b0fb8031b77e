package dev.authstack.security;

import java.time.Duration;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The pages' session cookie: HttpOnly, SameSite=Lax, Secure where configured, holding the
 * page session's token. Written by the pages when signing in and out, read by the page
 * chain.
 */
@Component
public class SessionCookie {

	private final WebSessionProperties properties;

	SessionCookie(WebSessionProperties properties) {
		this.properties = properties;
	}

	public void write(HttpServletResponse response, String token, Duration maxAge) {
		response.addHeader(HttpHeaders.SET_COOKIE, cookie(token, maxAge.toSeconds()).toString());
	}

	public void clear(HttpServletResponse response) {
		response.addHeader(HttpHeaders.SET_COOKIE, cookie("", 0).toString());
	}

	String read(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (properties.cookieName().equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
				return cookie.getValue();
			}
		}
		return null;
	}

	private ResponseCookie cookie(String value, long maxAgeSeconds) {
		return ResponseCookie.from(properties.cookieName(), value)
			.httpOnly(true)
			.secure(properties.secureCookies())
			.sameSite("Lax")
			.path("/")
			.maxAge(maxAgeSeconds)
			.build();
	}

}
