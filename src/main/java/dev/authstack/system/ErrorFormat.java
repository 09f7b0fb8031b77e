package dev.authstack.system;

import java.util.List;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.MimeTypeUtils;

/**
 * Which form an error takes, decided the same way everywhere (Spring MVC, filters, the
 * error dispatch, Tomcat's own rejections): the API's paths always get problem+json; any
 * other path gets the HTML page when the client prefers HTML (a browser), problem+json
 * otherwise (curl, API clients, no Accept header). The texts are ours, per status, never
 * an exception's message.
 */
final class ErrorFormat {

	private static final List<String> API_PREFIXES = List.of("/api/", "/.well-known/");

	private ErrorFormat() {
	}

	/** The path the client asked for, also during the error dispatch. */
	static String originalPath(HttpServletRequest request) {
		Object forwarded = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		return forwarded instanceof String path ? path : request.getRequestURI();
	}

	static boolean isApiPath(String path) {
		return path != null && (path.equals("/api") || API_PREFIXES.stream().anyMatch(path::startsWith));
	}

	/**
	 * True for a browser asking for a page; false for the API's paths and for every other
	 * client.
	 */
	static boolean wantsHtml(HttpServletRequest request) {
		return wantsHtml(originalPath(request), request.getHeader("Accept"));
	}

	static boolean wantsHtml(String path, String accept) {
		if (isApiPath(path) || accept == null || accept.isBlank()) {
			return false;
		}
		try {
			List<MediaType> types = MediaType.parseMediaTypes(accept);
			MimeTypeUtils.sortBySpecificity(types);
			for (MediaType type : types) {
				if (type.getQualityValue() == 0) {
					continue;
				}
				if (type.isWildcardType()) {
					// */* first: the client has no preference, so it gets the
					// machine-readable form
					return false;
				}
				if (type.isCompatibleWith(MediaType.TEXT_HTML)
						|| type.isCompatibleWith(MediaType.APPLICATION_XHTML_XML)) {
					return true;
				}
				if (type.isCompatibleWith(MediaType.APPLICATION_JSON)
						|| type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)) {
					return false;
				}
			}
			return false;
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/** Title of a status: its reason phrase (RFC 9457's rule for type about:blank). */
	static String title(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return known != null ? known.getReasonPhrase() : "Error";
	}

	/** What a person is told for a status when nothing more precise is known. */
	static String detail(int status) {
		return switch (status) {
			case 400 -> "The request is malformed: its address, headers or body could not be read.";
			case 401 -> "Sign in first: this needs a valid session or bearer token.";
			case 403 -> "This request is not allowed. If you submitted a form, reload the page and try again.";
			case 404 -> "There is nothing at this address.";
			case 405 -> "This address does not accept that method.";
			case 406 -> "The server cannot answer in a format the request accepts.";
			case 408 -> "The request took too long to arrive.";
			case 409 -> "The request conflicts with the current state.";
			case 413 -> "The request body is too large.";
			case 414 -> "The address is too long.";
			case 415 -> "The request body is of a type this address does not accept.";
			case 429 -> "Too many requests; try again shortly.";
			case 431 -> "The request headers are too large.";
			case 503 -> "The service is briefly unavailable; try again shortly.";
			default -> status >= 500 ? "The server could not complete the request." : title(status) + ".";
		};
	}

}
