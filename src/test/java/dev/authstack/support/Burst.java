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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many requests arriving at once: every connection is opened and sent all of its request
 * but the last byte, then the last bytes go out in one tight loop, so the server sees
 * them within microseconds of each other instead of in the order a client pool would
 * release them.
 */
public final class Burst {

	private Burst() {
	}

	/** One JSON POST per body, all at once; the answers in the order of the bodies. */
	public static List<Answer> postJson(int port, String path, List<String> bodies) {
		return postJson(port, path, Map.of(), bodies);
	}

	public static List<Answer> postJson(int port, String path, Map<String, String> headers, List<String> bodies) {
		List<byte[]> requests = new ArrayList<>();
		for (String body : bodies) {
			byte[] content = body.getBytes(StandardCharsets.UTF_8);
			StringBuilder head = new StringBuilder("POST ").append(path)
				.append(" HTTP/1.1\r\nHost: 127.0.0.1:")
				.append(port)
				.append("\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ")
				.append(content.length)
				.append("\r\n");
			headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			head.append("\r\n");
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			request.writeBytes(content);
			requests.add(request.toByteArray());
		}
		return send(port, requests);
	}

	public static List<Answer> send(int port, List<byte[]> requests) {
		List<Socket> sockets = new ArrayList<>();
		ExecutorService readers = Executors.newFixedThreadPool(Math.min(requests.size(), 64));
		try {
			for (byte[] request : requests) {
				Socket socket = new Socket();
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
				socket.setSoTimeout(120_000);
				socket.setTcpNoDelay(true);
				socket.getOutputStream().write(request, 0, request.length - 1);
				socket.getOutputStream().flush();
				sockets.add(socket);
			}
			long start = System.nanoTime();
			for (int i = 0; i < sockets.size(); i++) {
				OutputStream out = sockets.get(i).getOutputStream();
				out.write(requests.get(i)[requests.get(i).length - 1]);
				out.flush();
			}
			List<Future<Answer>> answers = new ArrayList<>();
			for (Socket socket : sockets) {
				answers.add(readers.submit(() -> read(socket.getInputStream(), start)));
			}
			List<Answer> result = new ArrayList<>();
			for (Future<Answer> answer : answers) {
				result.add(answer.get());
			}
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			readers.shutdownNow();
			for (Socket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
			}
		}
	}

	private static Answer read(InputStream in, long start) throws IOException {
		byte[] all = in.readAllBytes();
		long millis = (System.nanoTime() - start) / 1_000_000;
		String text = new String(all, StandardCharsets.UTF_8);
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			throw new IOException("No complete HTTP response: " + text);
		}
		String[] lines = text.substring(0, end).split("\r\n");
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
					lines[i].substring(colon + 1).trim());
		}
		String body = text.substring(end + 4);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = dechunk(body);
		}
		return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body, millis);
	}

	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int eol = chunked.indexOf("\r\n", at);
			String size = chunked.substring(at, eol);
			int semicolon = size.indexOf(';');
			int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
			if (n == 0) {
				return body.toString();
			}
			// sizes count bytes; the bodies here are ASCII JSON and HTML
			body.append(chunked, eol + 2, eol + 2 + n);
			at = eol + 2 + n + 2;
		}
	}

	/**
	 * Status, headers (lower-case names; the first value of each), body, ms from the
	 * burst.
	 */
	public record Answer(int status, Map<String, String> headers, String body, long millis) {

		public String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
