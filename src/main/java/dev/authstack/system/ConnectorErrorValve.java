package dev.authstack.system;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.MediaType;

/**
 * Tomcat's last word on an error nobody else answered: what Tomcat refuses before any
 * servlet runs (a NUL or an encoded slash in the path, headers over the size limit, a
 * malformed request line) and anything else that reaches the host without a body. In
 * place of Tomcat's own HTML report it writes our two forms, chosen as everywhere else
 * ({@link ErrorFormat}): problem+json, or a static HTML page for a browser (no template
 * engine here: nothing of the application runs for these requests). Tomcat's message
 * ("Invalid URI", ...) is not shown.
 */
public class ConnectorErrorValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		String path = request.getRequestURI();
		String accept = request.getHeader("Accept");
		boolean html = ErrorFormat.wantsHtml(path, accept);
		String title = ErrorFormat.title(status);
		String detail = ErrorFormat.detail(status);
		String body = html ? page(status, title, detail) : ProblemResponses.json(status, title, detail, path);
		try {
			response.setContentType(html ? MediaType.TEXT_HTML_VALUE : MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response is unusable: nothing more to say
		}
	}

	private static String page(int status, String title, String detail) {
		return """
				<!DOCTYPE html>
				<html lang="en">
				<head>
				  <meta charset="utf-8">
				  <meta name="viewport" content="width=device-width, initial-scale=1">
				  <title>%1$s · authstack</title>
				  <link rel="icon" href="/favicon.ico">
				  <link rel="stylesheet" href="/css/site.css">
				</head>
				<body>
				<header class="nav"><a class="brand" href="/">authstack</a><nav></nav></header>
				<main>
				  <h1 id="error-title">%2$d %1$s</h1>
				  <p id="error-detail">%3$s</p>
				  <p><a href="/" id="error-home">Back to the start</a></p>
				</main>
				</body>
				</html>
				""".formatted(title, status, detail);
	}

}
