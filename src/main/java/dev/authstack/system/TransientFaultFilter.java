package dev.authstack.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outages that surface outside Spring MVC (the security chain's session check, a filter)
 * reach the client as 503 with Retry-After: problem+json for API clients, the error page
 * for browsers. Controllers' failures are mapped the same way by
 * {@link ProblemDetailsAdvice}.
 */
class TransientFaultFilter extends OncePerRequestFilter {

	static final String RETRY_AFTER_SECONDS = "1";

	private static final Logger log = LoggerFactory.getLogger(TransientFaultFilter.class);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException | IOException ex) {
			if (!TransientFaults.isTransient(ex) || response.isCommitted()) {
				throw ex;
			}
			log.warn("{} {} answered 503: a dependency is unavailable ({})", request.getMethod(),
					request.getRequestURI(), summary(ex));
			response.resetBuffer();
			response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			ProblemResponses.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable",
					"The service is briefly unavailable; try again shortly");
		}
	}

	/**
	 * The exception types down the chain, never their messages (which may carry SQL or
	 * hosts).
	 */
	static String summary(Throwable failure) {
		StringBuilder types = new StringBuilder();
		for (Throwable t = failure; t != null && types.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
			if (!types.isEmpty()) {
				types.append(" <- ");
			}
			types.append(t.getClass().getSimpleName());
			if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
				types.append('[').append(sql.getSQLState()).append(']');
			}
		}
		return types.toString();
	}

}
