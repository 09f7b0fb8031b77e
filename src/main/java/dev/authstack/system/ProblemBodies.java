package dev.authstack.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem body Spring MVC writes passes here, whichever handler made it
 * ({@link ProblemDetailsAdvice} or any other): it gets {@code "type": "about:blank"} when
 * it has no type, so all bodies look alike; and when a browser asked for a page, the
 * problem is handed to the error page instead ({@code sendError}, rendered by
 * {@link ErrorPageController} with the same status, title and detail), so a browser never
 * gets JSON.
 */
@ControllerAdvice
class ProblemBodies implements ResponseBodyAdvice<Object> {

	static final URI BLANK = URI.create("about:blank");

	/** The problem a page request failed with, for the error page to show. */
	static final String PROBLEM_ATTRIBUTE = ProblemBodies.class.getName() + ".problem";

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
			Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		if (!(body instanceof ProblemDetail problem)) {
			return body;
		}
		if (problem.getType() == null) {
			problem.setType(BLANK);
		}
		if (request instanceof ServletServerHttpRequest servletRequest
				&& response instanceof ServletServerHttpResponse servletResponse
				&& ErrorFormat.wantsHtml(servletRequest.getServletRequest())) {
			toErrorPage(servletRequest.getServletRequest(), servletResponse.getServletResponse(), problem);
			// nothing to write here: the error dispatch writes the page
			return null;
		}
		return body;
	}

	private static void toErrorPage(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) {
		request.setAttribute(PROBLEM_ATTRIBUTE, problem);
		try {
			response.sendError(problem.getStatus());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
