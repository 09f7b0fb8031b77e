package dev.authstack.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand over a socket bound to a chosen local address, so a test can be a
 * second client IP (127.0.0.2: Linux routes all of 127/8 to lo) — Java's HttpClient can't
 * bind its local end. One request per connection ({@code Connection: close}); reads
 * Content-Length, chunked or until close.
 */
public final class RawHttp {

	private final InetAddress localAddress;

	private RawHttp(InetAddress localAddress) {
		this.localAddress = localAddress;
	}

	/** A client whose connections come from {@code localAddress}, e.g. "127.0.0.2". */
	public static RawHttp from(String localAddress) {
		try {
			return new RawHttp(InetAddress.getByName(localAddress));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Response get(int port, String path, Map<String, String> headers) {
		return send(port, "GET", path, headers, null);
	}

	public Response postJson(int port, String path, Map<String, String> headers, String json) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put("Content-Type", "application/json");
		return send(port, "POST", path, all, json);
	}

	public Response send(int port, String method, String path, Map<String, String> headers, String body) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		if (body != null) {
			all.put("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
		}
		return sendRaw(port, method, path, all, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * {@code content} sent as given after the headers (no Content-Length added: chunked
	 * bodies come framed). Should the server answer and close before the body is all
	 * written, the answer is still read.
	 */
	public Response sendRaw(int port, String method, String path, Map<String, String> headers, byte[] content) {
		StringBuilder head = new StringBuilder().append(method)
			.append(' ')
			.append(path)
			.append(" HTTP/1.1\r\n")
			.append("Host: 127.0.0.1:")
			.append(port)
			.append("\r\n")
			.append("Connection: close\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		head.append("\r\n");
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(localAddress, 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
				out.write(content);
				out.flush();
			}
			catch (IOException ex) {
				// answered (e.g. 413) and closed before the whole body was sent: read
				// what it said
			}
			return read(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path + " from " + localAddress.getHostAddress(), ex);
		}
	}

	private static Response read(InputStream in) throws IOException {
		String statusLine = line(in);
		String[] status = statusLine.split(" ", 3);
		if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
			throw new IOException("Not an HTTP response: " + statusLine);
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String line = line(in); !line.isEmpty(); line = line(in)) {
			int colon = line.indexOf(':');
			headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
				.add(line.substring(colon + 1).trim());
		}
		byte[] body;
		String length = first(headers, "content-length");
		if ("chunked".equalsIgnoreCase(first(headers, "transfer-encoding"))) {
			ByteArrayOutputStream chunks = new ByteArrayOutputStream();
			for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
				chunks.write(in.readNBytes(size));
				line(in);
			}
			while (!line(in).isEmpty()) {
				// trailers
			}
			body = chunks.toByteArray();
		}
		else if (length != null) {
			body = in.readNBytes(Integer.parseInt(length));
		}
		else {
			body = in.readAllBytes();
		}
		return new Response(Integer.parseInt(status[1]), headers, new String(body, StandardCharsets.UTF_8));
	}

	private static int chunkSize(String line) {
		int semicolon = line.indexOf(';');
		return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("Connection closed in the middle of a line");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	private static String first(Map<String, List<String>> headers, String name) {
		List<String> values = headers.get(name);
		return values == null ? null : values.get(0);
	}

	public record Response(int status, Map<String, List<String>> headers, String body) {

		/** The first value of a header, by case-insensitive name, or null. */
		public String header(String name) {
			return first(headers, name.toLowerCase(Locale.ROOT));
		}

	}

}
