package dev.authstack.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import dev.authstack.system.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits each client address as nginx's template does: the {@code api} zone for every
 * request, the {@code login} zone as well for POSTs to the login routes. The address is
 * the one Tomcat's RemoteIpValve settled on, so X-Forwarded-For counts only from trusted
 * proxies. Over the limit: 429 problem+json with Retry-After, the seconds until the
 * bucket has a token again.
 */
class RateLimitFilter extends OncePerRequestFilter {

	static final Set<String> LOGIN_PATHS = Set.of("/login", "/api/v1/login");

	private final RateLimiter api;

	private final RateLimiter login;

	private final Counter limited;

	RateLimitFilter(RateLimiter api, RateLimiter login, MeterRegistry meters) {
		this.api = api;
		this.login = login;
		this.limited = Counter.builder("authstack.ratelimit.rejected")
			.description("Requests refused by the in-process per-IP limiter (429)")
			.register(meters);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String client = request.getRemoteAddr();
		Optional<Duration> refused = api.admit(client);
		if (refused.isEmpty() && "POST".equals(request.getMethod()) && LOGIN_PATHS.contains(path(request))) {
			refused = login.admit(client);
		}
		if (refused.isPresent()) {
			limited.increment();
			long seconds = Math.max(1, (refused.get().toMillis() + 999) / 1000);
			response.setHeader("Retry-After", Long.toString(seconds));
			ProblemResponses.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
					"Too many requests from this address; retry after " + seconds + " s", request.getRequestURI());
			return;
		}
		chain.doFilter(request, response);
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

}
