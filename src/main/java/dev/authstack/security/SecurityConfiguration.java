package dev.authstack.security;

import dev.authstack.system.HttpProperties;
import dev.authstack.system.ProblemResponses;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Two stateless chains. The API takes bearer access tokens (Spring's resource-server
 * support, RS256 pinned by the decoder). The pages take their own kind of token from an
 * HttpOnly cookie, with CSRF tokens in forms; neither kind is accepted where the other
 * belongs. Both check the token's session against {@link LiveSessions} on every request.
 * Neither keeps server-side sessions, so replicas need no stickiness.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	WebMvcConfigurer callerArguments() {
		return new WebMvcConfigurer() {
			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new CallerArgumentResolver());
			}
		};
	}

	@Bean
	WebSecurityCustomizer firewall() {
		return web -> web.httpFirewall(HeaderChecks.firewall());
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiChain(HttpSecurity http, JwtDecoder decoder, LiveSessions sessions) throws Exception {
		AuthenticationEntryPoint unauthorized = (request, response, ex) -> {
			response.setHeader("WWW-Authenticate", "Bearer");
			ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized",
					"A valid bearer token is required", request.getRequestURI());
		};
		AccessDeniedHandler forbidden = (request, response, ex) -> ProblemResponses.write(response,
				HttpStatus.FORBIDDEN, "Forbidden", "This token may not do that", request.getRequestURI());
		http.securityMatcher("/api/**", "/.well-known/**")
			.csrf(csrf -> csrf.disable())
			// POST /api/v1/logout is a controller that revokes the session
			.logout(logout -> logout.disable())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.anonymous(anonymous -> {
			})
			.authorizeHttpRequests(requests -> requests
				.requestMatchers(HttpMethod.POST, "/api/v1/signup", "/api/v1/login", "/api/v1/token/refresh")
				.permitAll()
				// the mailed links' routes: the token in the body is the credential
				.requestMatchers(HttpMethod.POST, "/api/v1/password/forgot", "/api/v1/password/reset",
						"/api/v1/email/verify", "/api/v1/email/verify/resend", "/api/v1/email/change/confirm",
						"/api/v1/email/change/undo")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/api/v1/health", "/.well-known/jwks.json")
				.permitAll()
				.requestMatchers("/api/v1/admin/**")
				.hasRole("admin")
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer(server -> server.bearerTokenResolver(HeaderChecks.bearerTokenResolver())
				.jwt(jwt -> jwt.decoder(decoder)
					.jwtAuthenticationConverter(new CallerConverter(sessions, TokenClaims.API_TOKEN_TYPE)))
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(forbidden))
			.exceptionHandling(
					exceptions -> exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pageChain(HttpSecurity http, JwtDecoder decoder, LiveSessions sessions, SessionCookie cookie,
			WebSessionProperties properties) throws Exception {
		CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
		csrfTokens.setCookieCustomizer(csrf -> csrf.sameSite("Lax").secure(properties.secureCookies()));
		http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.securityContext(
					context -> context.securityContextRepository(new CookieTokenSecurityContextRepository(cookie,
							decoder, new CallerConverter(sessions, TokenClaims.PAGE_TOKEN_TYPE))))
			.requestCache(cache -> cache.disable())
			.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
			.authorizeHttpRequests(requests -> requests.requestMatchers("/account", "/account/**")
				.authenticated()
				.anyRequest()
				.permitAll())
			.exceptionHandling(
					exceptions -> exceptions.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
			// the page controller signs out: it must revoke the session, not only drop
			// the cookie
			.logout(logout -> logout.disable());
		return http.build();
	}

}
