package dev.authstack.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Problem bodies written outside Spring MVC (filters, security entry points, the error
 * page, Tomcat's rejections). Every value is a constant of ours or the request path,
 * escaped, never an exception message.
 */
public final class ProblemResponses {

	private ProblemResponses() {
	}

	public static void write(HttpServletResponse response, HttpStatus status, String title, String detail,
			String instance) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(json(status.value(), title, detail, instance));
	}

	/**
	 * The same for a request that may come from a browser asking for a page: it gets the
	 * HTML error page (through {@code sendError}, with this status) instead of JSON.
	 */
	public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
			String detail) throws IOException {
		if (ErrorFormat.wantsHtml(request)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
			problem.setTitle(title);
			request.setAttribute(ProblemBodies.PROBLEM_ATTRIBUTE, problem);
			response.sendError(status.value());
		}
		else {
			write(response, status, title, detail, request.getRequestURI());
		}
	}

	static String json(int status, String title, String detail, String instance) {
		StringBuilder body = new StringBuilder(160).append("{\"type\":\"about:blank\",\"title\":\"")
			.append(escape(title))
			.append("\",\"status\":")
			.append(status)
			.append(",\"detail\":\"")
			.append(escape(detail))
			.append('"');
		if (instance != null) {
			body.append(",\"instance\":\"").append(escape(instance)).append('"');
		}
		return body.append('}').toString();
	}

	static String escape(String value) {
		StringBuilder out = new StringBuilder(value.length() + 8);
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

}
