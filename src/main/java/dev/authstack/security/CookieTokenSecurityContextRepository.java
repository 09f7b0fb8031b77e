package dev.authstack.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * The pages' security context, read from the session cookie on each request: no
 * server-side session, so any replica serves any browser. The cookie is written by the
 * login page itself. An invalid or expired token reads as anonymous rather than as an
 * error, so a stale cookie never locks a browser out of the login page.
 */
class CookieTokenSecurityContextRepository implements SecurityContextRepository {

	private final SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

	private final SessionCookie cookie;

	private final JwtDecoder decoder;

	private final Converter<Jwt, ? extends AbstractAuthenticationToken> converter;

	CookieTokenSecurityContextRepository(SessionCookie cookie, JwtDecoder decoder,
			Converter<Jwt, ? extends AbstractAuthenticationToken> converter) {
		this.cookie = cookie;
		this.decoder = decoder;
		this.converter = converter;
	}

	@Override
	public SecurityContext loadContext(HttpRequestResponseHolder holder) {
		return load(holder.getRequest());
	}

	@Override
	public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
		return new DeferredSecurityContext() {

			private SecurityContext context;

			@Override
			public SecurityContext get() {
				if (context == null) {
					context = load(request);
				}
				return context;
			}

			@Override
			public boolean isGenerated() {
				return token(request) == null;
			}

		};
	}

	private SecurityContext load(HttpServletRequest request) {
		SecurityContext context = strategy.createEmptyContext();
		String token = token(request);
		if (token != null) {
			try {
				context.setAuthentication(converter.convert(decoder.decode(token)));
			}
			catch (SessionCheckUnavailableException ex) {
				// undecidable is not "signed out": the request fails with 503 instead
				throw ex;
			}
			catch (JwtException | AuthenticationException ex) {
				// expired, revoked or forged: the visitor is simply not signed in
			}
		}
		return context;
	}

	private String token(HttpServletRequest request) {
		return cookie.read(request);
	}

	@Override
	public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
		// the login page sets the cookie; nothing is kept on the server
	}

	@Override
	public boolean containsContext(HttpServletRequest request) {
		return token(request) != null;
	}

}
