package dev.authstack.auth;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a request came from. The address is the client's as Tomcat's RemoteIpValve
 * resolved it: X-Forwarded-For is believed only from trusted proxies (private and
 * loopback addresses).
 */
public record ClientInfo(String ip, String userAgent) {

	public static ClientInfo of(HttpServletRequest request) {
		return new ClientInfo(request.getRemoteAddr(), request.getHeader("User-Agent"));
	}

}
