package dev.authstack.security;

import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's checks on every request header, without the regular expressions it
 * runs them with. A profile of the token-authenticated reads had about 9 % of the CPU in
 * {@code java.util.regex}: {@link StrictHttpFirewall} matches each header name and value
 * against a Unicode character class, and {@link DefaultBearerTokenResolver} matches the
 * Authorization header. The same rules are written here as loops over the characters (the
 * tests compare them with Spring's patterns over every code point); anything the fast
 * path does not accept goes to Spring's own code, so errors stay Spring's.
 */
final class HeaderChecks {

	private HeaderChecks() {
	}

	/**
	 * The firewall with Spring's default rules for header names and values and parameter
	 * names ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}; header values also allow a tab;
	 * parameter values stay unchecked, as in Spring).
	 */
	static StrictHttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		Predicate<String> names = value -> assignedAndNotControl(value, false);
		Predicate<String> values = value -> assignedAndNotControl(value, true);
		firewall.setAllowedHeaderNames(names);
		firewall.setAllowedHeaderValues(values);
		firewall.setAllowedParameterNames(names);
		return firewall;
	}

	/**
	 * Every code point is assigned and not a control character (a tab too when allowed).
	 */
	static boolean assignedAndNotControl(String value, boolean tabAllowed) {
		int length = value.length();
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (c >= 0x20 && c < 0x7f) {
				continue;
			}
			if (c == '\t' && tabAllowed) {
				continue;
			}
			int codePoint = value.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || type == Character.CONTROL) {
				return false;
			}
			i += Character.charCount(codePoint) - 1;
		}
		return true;
	}

	/**
	 * Spring's resolver, answering the common case,
	 * {@code Authorization: Bearer <token68>}, without its regular expression. Query and
	 * form parameters are not read (Spring's default); anything else, including every
	 * malformed header, is Spring's to answer.
	 */
	static BearerTokenResolver bearerTokenResolver() {
		DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();
		return request -> {
			String token = plainBearerToken(request);
			return token != null ? token : spring.resolve(request);
		};
	}

	private static String plainBearerToken(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		return header != null && isBearerToken68(header) ? header.substring(BEARER.length()) : null;
	}

	private static final String BEARER = "Bearer ";

	/**
	 * {@code Bearer <token>}, case-insensitive scheme, token
	 * {@code [a-zA-Z0-9-._~+/]+=*}.
	 */
	static boolean isBearerToken68(String header) {
		int start = BEARER.length();
		int length = header.length();
		if (length <= start || !header.regionMatches(true, 0, BEARER, 0, start)) {
			return false;
		}
		int i = start;
		while (i < length && isToken68Char(header.charAt(i))) {
			i++;
		}
		if (i == start) {
			return false;
		}
		while (i < length && header.charAt(i) == '=') {
			i++;
		}
		return i == length;
	}

	private static boolean isToken68Char(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}
