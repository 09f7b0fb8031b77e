package dev.authstack.system;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request bodies, before anything else reads them:
 * <ul>
 * <li>over the size limit: 413, at once when Content-Length says so, else as soon as a
 * chunked body grows past it; form posts too (Tomcat parses those itself, up to its own 2
 * MB, so they are read here instead and their fields handed on);
 * <li>slower than the deadline from first to last byte: 408;
 * <li>a body not already in Tomcat's buffer is read under a bounded number of permits: a
 * thread waiting on a slow client holds one, and when all are held the request is
 * answered 503 at once. Slow clients (one byte every few seconds) used to hold every
 * Tomcat thread, so reads starved; a body that arrived with its headers, as every normal
 * one does, needs no permit.
 * </ul>
 */
class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long limit;

	private final long deadlineNanos;

	private final Semaphore slowReaders;

	RequestBodyLimitFilter(long limit, java.time.Duration deadline, int slowReaders) {
		this.limit = limit;
		this.deadlineNanos = deadline.toNanos();
		this.slowReaders = new Semaphore(slowReaders);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > limit) {
			ProblemResponses.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "Payload Too Large",
					"The request body may be at most " + limit + " bytes");
			return;
		}
		boolean hasBody = request.getContentLengthLong() > 0
				|| request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
		if (!hasBody) {
			chain.doFilter(request, response);
			return;
		}
		LimitedRequest limited = new LimitedRequest(request, limit, deadlineNanos, slowReaders);
		try {
			if (isForm(request)) {
				HttpServletRequest form;
				try {
					form = limited.withFormFields();
				}
				catch (BodyRefusedException ex) {
					refuse(ex.status(), ex.getMessage(), request, response);
					return;
				}
				catch (PayloadTooLargeException ex) {
					refuse(HttpStatus.PAYLOAD_TOO_LARGE, "The request body may be at most " + limit + " bytes", request,
							response);
					return;
				}
				chain.doFilter(form, response);
			}
			else {
				chain.doFilter(limited, response);
			}
		}
		finally {
			limited.release();
		}
	}

	private static void refuse(HttpStatus status, String detail, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.CONNECTION, "close");
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
		}
		ProblemResponses.write(response, status, status.getReasonPhrase(), detail, request.getRequestURI());
	}

	private static boolean isForm(HttpServletRequest request) {
		String type = request.getContentType();
		if (type == null) {
			return false;
		}
		try {
			return MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(type));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private final long deadlineNanos;

		private final Semaphore slowReaders;

		private LimitedInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit, long deadlineNanos, Semaphore slowReaders) {
			super(request);
			this.limit = limit;
			this.deadlineNanos = deadlineNanos;
			this.slowReaders = slowReaders;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				ServletInputStream in = super.getInputStream();
				long length = getContentLengthLong();
				// all of it already in Tomcat's buffer: no client can make this read slow
				boolean buffered = length > 0 && in.available() >= length;
				stream = new LimitedInputStream(in, limit, deadlineNanos, buffered ? null : slowReaders,
						() -> setAttribute(SlowBodyValve.REFUSED, Boolean.TRUE));
			}
			return stream;
		}

		/**
		 * Reads the form body here (limit, deadline, permits) and hands its fields on.
		 */
		HttpServletRequest withFormFields() throws IOException {
			byte[] body = getInputStream().readAllBytes();
			Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8
					: Charset.forName(getCharacterEncoding());
			MultiValueMap<String, String> fields = new FormHttpMessageConverter().read(null, new HttpInputMessage() {
				@Override
				public InputStream getBody() {
					return new ByteArrayInputStream(body);
				}

				@Override
				public HttpHeaders getHeaders() {
					HttpHeaders headers = new HttpHeaders();
					headers.setContentType(new MediaType(MediaType.APPLICATION_FORM_URLENCODED, charset));
					return headers;
				}
			});
			return new FormRequest(this, fields);
		}

		void release() {
			if (stream != null) {
				stream.release();
			}
		}

	}

	/**
	 * The form's fields after those of the query string, as the container would give
	 * them.
	 */
	private static final class FormRequest extends HttpServletRequestWrapper {

		private final Map<String, String[]> parameters;

		FormRequest(HttpServletRequest request, MultiValueMap<String, String> form) {
			super(request);
			Map<String, String[]> merged = new LinkedHashMap<>(request.getParameterMap());
			form.forEach((name, values) -> {
				String[] before = merged.getOrDefault(name, new String[0]);
				String[] all = new String[before.length + values.size()];
				System.arraycopy(before, 0, all, 0, before.length);
				for (int i = 0; i < values.size(); i++) {
					all[before.length + i] = values.get(i);
				}
				merged.put(name, all);
			});
			this.parameters = Collections.unmodifiableMap(merged);
		}

		@Override
		public String getParameter(String name) {
			String[] values = parameters.get(name);
			return values == null || values.length == 0 ? null : values[0];
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return parameters;
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(parameters.keySet());
		}

		@Override
		public String[] getParameterValues(String name) {
			return parameters.get(name);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			// read already; as the container does once it has parsed a form
			return new LimitedInputStream(new EmptyInput(), 0, Long.MAX_VALUE, null, () -> {
			});
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private final long deadlineNanos;

		private final Semaphore permits;

		private long count;

		private long startedAt;

		private boolean holding;

		private final Runnable refused;

		LimitedInputStream(ServletInputStream delegate, long limit, long deadlineNanos, Semaphore permits,
				Runnable refused) {
			this.delegate = delegate;
			this.limit = limit;
			this.deadlineNanos = deadlineNanos;
			this.permits = permits;
			this.refused = refused;
		}

		@Override
		public int read() throws IOException {
			before();
			int b = delegate.read();
			after(b < 0 ? -1 : 1);
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			before();
			int n = delegate.read(buffer, offset, length);
			after(n);
			return n;
		}

		private void before() throws IOException {
			if (startedAt == 0) {
				startedAt = System.nanoTime();
				if (permits != null) {
					if (!permits.tryAcquire()) {
						refused.run();
						throw new BodyRefusedException(HttpStatus.SERVICE_UNAVAILABLE,
								"Too many slow request bodies are being read; try again in a moment");
					}
					holding = true;
				}
			}
			if (System.nanoTime() - startedAt > deadlineNanos) {
				release();
				refused.run();
				throw new BodyRefusedException(HttpStatus.REQUEST_TIMEOUT, "The request body did not arrive in time");
			}
		}

		private void after(int n) throws IOException {
			if (n < 0) {
				release();
				return;
			}
			count += n;
			if (count > limit) {
				// Tomcat still swallows the rest (up to 2 MB, fast): closing with unread
				// data would reset the connection before the client has read the 413
				release();
				throw new PayloadTooLargeException(limit);
			}
		}

		void release() {
			if (holding) {
				holding = false;
				permits.release();
			}
		}

		@Override
		public boolean isFinished() {
			return delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			delegate.setReadListener(listener);
		}

	}

	private static final class EmptyInput extends ServletInputStream {

		@Override
		public int read() {
			return -1;
		}

		@Override
		public boolean isFinished() {
			return true;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new IllegalStateException("The form body was read already");
		}

	}

}
