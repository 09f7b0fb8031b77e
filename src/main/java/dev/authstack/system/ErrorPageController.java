package dev.authstack.system;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The servlet container's error page ({@code /error}), in place of Spring Boot's
 * {@code BasicErrorController}: whatever ended in {@code sendError} or an uncaught
 * exception (Spring Security's 403 for a missing CSRF token, a filter's 413, a page
 * request's problem handed on by {@link ProblemBodies}) gets the HTML page when a browser
 * asked for a page and an RFC 9457 body otherwise (see {@link ErrorFormat}). Never an
 * exception's message: the texts are the problem's own (written by us) or the status's.
 */
@Controller
class ErrorPageController implements ErrorController {

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		int status = status(request);
		ProblemDetail problem = request.getAttribute(ProblemBodies.PROBLEM_ATTRIBUTE) instanceof ProblemDetail stashed
				? stashed : null;
		String title = problem != null && problem.getTitle() != null ? problem.getTitle() : ErrorFormat.title(status);
		String detail = problem != null && problem.getDetail() != null ? problem.getDetail()
				: ErrorFormat.detail(status);
		String path = ErrorFormat.originalPath(request);
		if (!ErrorFormat.wantsHtml(request)) {
			ProblemResponses.write(response, HttpStatus.valueOf(status), title, detail, path);
			return null;
		}
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("status", status);
		model.put("title", title);
		model.put("detail", detail);
		model.put("signedIn", request.getUserPrincipal() != null);
		model.put("requestId", response.getHeader(RequestIdFilter.HEADER));
		return new ModelAndView("error", model, HttpStatusCode.valueOf(status));
	}

	private static int status(HttpServletRequest request) {
		if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status)) {
			// GET /error itself: there is no such page
			return 404;
		}
		return status >= 400 && status <= 599 && HttpStatus.resolve(status) != null ? status : 500;
	}

}
