package dev.authstack.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP hop in front of a real SMTP server that can misbehave the way networks and
 * servers do: refuse connections, accept and then say nothing (a hung server), drop every
 * connection at once, or drop one in the middle of DATA. A fake beside the real server,
 * never instead of it: in {@link Mode#FORWARD} every byte goes to and from the real one.
 */
public final class SmtpProxy implements AutoCloseable {

	public enum Mode {

		/** Every byte to and from the real server. */
		FORWARD,
		/** Nothing listens: connections are refused. */
		REFUSE,
		/** Connections are accepted and never answered. */
		HANG,
		/** Connections are accepted and closed at once. */
		DROP,
		/**
		 * The next connection dies in the middle of the message (part of it was sent);
		 * then FORWARD.
		 */
		DROP_ONCE_IN_DATA,
		/**
		 * The next connection sends the whole message, and dies before the server's 250
		 * reaches the client; then FORWARD. SMTP cannot tell this from a lost message.
		 */
		DROP_ONCE_BEFORE_REPLY

	}

	private final int port = MailServer.freePort();

	private final int target;

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private volatile Mode mode = Mode.FORWARD;

	private volatile ServerSocket listener;

	public SmtpProxy(int target) {
		this.target = target;
		listen();
	}

	public synchronized void mode(Mode mode) {
		this.mode = mode;
		closeConnections();
		if (mode == Mode.REFUSE) {
			closeListener();
		}
		else if (listener == null) {
			listen();
		}
	}

	public int port() {
		return port;
	}

	/** Connections accepted so far (attempts that reached the proxy). */
	public int connections() {
		return connections.get();
	}

	private void listen() {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			listener = socket;
			Thread accept = new Thread(() -> accept(socket), "smtp-proxy-" + port);
			accept.setDaemon(true);
			accept.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not listen on " + port, ex);
		}
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				connections.incrementAndGet();
				open.add(client);
				Mode now = mode;
				switch (now) {
					case DROP -> client.close();
					case HANG -> {
						// hold it open, answer nothing
					}
					case FORWARD, DROP_ONCE_IN_DATA, DROP_ONCE_BEFORE_REPLY -> forward(client, now);
					default -> client.close();
				}
			}
			catch (IOException ex) {
				// closed while accepting
			}
		}
	}

	private void forward(Socket client, Mode mode) throws IOException {
		Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
		open.add(server);
		if (mode != Mode.FORWARD) {
			this.mode = Mode.FORWARD;
		}
		java.util.concurrent.atomic.AtomicBoolean messageSent = new java.util.concurrent.atomic.AtomicBoolean();
		pump(server.getInputStream(), client.getOutputStream(), client, server, (chunk, seen) -> {
			// the reply to the complete message: lose it
			return mode == Mode.DROP_ONCE_BEFORE_REPLY && messageSent.get() ? 0 : chunk.length;
		});
		pump(client.getInputStream(), server.getOutputStream(), client, server, (chunk, seen) -> {
			int data = seen.indexOf("\r\nDATA\r\n");
			if (data < 0 && seen.startsWith("DATA\r\n")) {
				data = -2;
			}
			if (mode == Mode.DROP_ONCE_IN_DATA && (data >= 0 || data == -2)) {
				// let 100 bytes of the message through, then the line goes dead
				int body = seen.indexOf("\r\n", seen.indexOf("DATA\r\n") + 6) + 2;
				int allowed = body + 100 - (seen.length() - chunk.length);
				return seen.length() > body + 100 ? Math.max(0, Math.min(chunk.length, allowed)) : chunk.length;
			}
			if (mode == Mode.DROP_ONCE_BEFORE_REPLY && seen.indexOf("\r\n.\r\n") >= 0) {
				messageSent.set(true);
			}
			return chunk.length;
		});
	}

	/**
	 * How many bytes of {@code chunk} to pass on, given everything seen so far; fewer
	 * ends the connection.
	 */
	interface Filter {

		int pass(byte[] chunk, String seen);

	}

	private void pump(InputStream in, OutputStream out, Socket a, Socket b, Filter filter) {
		Thread thread = new Thread(() -> {
			StringBuilder seen = new StringBuilder();
			byte[] buffer = new byte[8192];
			try {
				int n;
				while ((n = in.read(buffer)) >= 0) {
					byte[] chunk = Arrays.copyOf(buffer, n);
					seen.append(new String(chunk, StandardCharsets.ISO_8859_1));
					int pass = filter.pass(chunk, seen.toString());
					out.write(chunk, 0, pass);
					out.flush();
					if (pass < n) {
						return;
					}
				}
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				quietly(a);
				quietly(b);
			}
		}, "smtp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private void closeConnections() {
		for (Socket socket : open) {
			quietly(socket);
		}
		open.clear();
	}

	private void closeListener() {
		if (listener != null) {
			quietly(listener);
			listener = null;
		}
	}

	private static void quietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

	@Override
	public synchronized void close() {
		closeListener();
		closeConnections();
	}

}
