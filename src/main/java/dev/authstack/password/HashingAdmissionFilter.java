package dev.authstack.password;

import java.io.IOException;
import java.util.Set;

import dev.authstack.system.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sheds logins and signups before any work while hashing is full: no body parsed, no
 * security chain, no database. Refused inside {@link Passwords} they cost a hundred times
 * more, and under a flood of 300 clients those 503s took the CPU that reads needed. Only
 * a hint: the admission in {@link Passwords#verify} still decides for the requests let
 * through.
 */
class HashingAdmissionFilter extends OncePerRequestFilter {

	static final Set<String> PATHS = Set.of("/api/v1/login", "/login", "/api/v1/signup", "/signup");

	private final HashingGate gate;

	HashingAdmissionFilter(HashingGate gate) {
		this.gate = gate;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod())
				|| !PATHS.contains(request.getRequestURI().substring(request.getContextPath().length()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (gate.full()) {
			response.setHeader(HttpHeaders.RETRY_AFTER,
					Integer.toString(PasswordHashingBusyException.RETRY_AFTER_SECONDS));
			ProblemResponses.write(response, HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable",
					"The service is busy checking other passwords; try again in a moment", request.getRequestURI());
			return;
		}
		chain.doFilter(request, response);
	}

}
