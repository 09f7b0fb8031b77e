package dev.authstack.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (Debian's package) as a child process on a free loopback port, no
 * persistence, password required. {@link #shared()} is the one per test JVM that
 * {@link RedisExtension} starts and stops; tests that kill Redis start their own
 * instance. {@link #stop()} kills it like a crash; {@link #start()} brings it back on the
 * same port.
 */
public final class RedisServer implements AutoCloseable {

	private static RedisServer shared;

	private final File binary;

	private final int port;

	private final String password;

	private final Path directory;

	private volatile Process process;

	private RedisServer(File binary, int port, String password, Path directory) {
		this.binary = binary;
		this.port = port;
		this.password = password;
		this.directory = directory;
	}

	/** The test JVM's shared server, started on first use. */
	public static synchronized RedisServer shared() {
		if (shared == null) {
			shared = startNew();
		}
		return shared;
	}

	static synchronized void stopShared() {
		if (shared != null) {
			shared.close();
			shared = null;
		}
	}

	/** A server of the caller's own, to kill and restart at will; close it when done. */
	public static RedisServer startNew() {
		File binary = binary();
		try {
			Path directory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-redis-");
			RedisServer server = new RedisServer(binary, freePort(), "it-" + Long.toHexString(System.nanoTime()),
					directory);
			// should the JVM end without closing it (a killed fork), the child must not
			// outlive it
			Runtime.getRuntime().addShutdownHook(new Thread(server::kill, "redis-server-" + server.port));
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare a directory for redis-server", ex);
		}
	}

	/** Starts (again, on the same port) and returns once it answers PING. */
	public synchronized void start() {
		if (process != null && process.isAlive()) {
			return;
		}
		ProcessBuilder builder = new ProcessBuilder(binary.getPath(), "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--requirepass",
				password, "--daemonize", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()));
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + binary, ex);
		}
		awaitPong(Duration.ofSeconds(15));
	}

	/** Kills the server (SIGKILL, like a crash): no goodbye to its clients. */
	public synchronized void stop() {
		if (process == null) {
			return;
		}
		process.destroyForcibly();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server on port " + port + " did not die");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		process = null;
	}

	/** Freezes the server (SIGSTOP): connections stay open, nothing answers. */
	public synchronized void pause() {
		signal("STOP");
	}

	/** Thaws a {@link #pause()}d server (SIGCONT). */
	public synchronized void resume() {
		signal("CONT");
	}

	@Override
	public void close() {
		if (process != null) {
			resume();
		}
		stop();
	}

	public int port() {
		return port;
	}

	/** The URL the service takes as AUTH_REDIS_URL. */
	public String url() {
		return "redis://:" + password + "@127.0.0.1:" + port;
	}

	public String password() {
		return password;
	}

	/**
	 * Runs one command on a fresh connection; the reply as String, Long, List or null.
	 */
	public Object command(String... args) {
		return Resp.command(port, password, args);
	}

	private void awaitPong(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		IOException last = null;
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(
						"redis-server exited with " + process.exitValue() + "; see " + directory.resolve("redis.log"));
			}
			try {
				if ("PONG".equals(command("PING"))) {
					return;
				}
			}
			catch (UncheckedIOException ex) {
				last = ex.getCause();
			}
			catch (IllegalStateException ex) {
				last = new IOException(ex.getMessage());
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("redis-server on port " + port + " did not answer PING within " + timeout
				+ "; see " + directory.resolve("redis.log"), last);
	}

	private void kill() {
		Process running = process;
		if (running != null) {
			running.destroyForcibly();
		}
	}

	private void signal(String signal) {
		if (process == null) {
			return;
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
			if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static File binary() {
		String path = System.getenv().getOrDefault("REDIS_SERVER_BIN", "/usr/bin/redis-server");
		File file = new File(path);
		if (!file.canExecute()) {
			throw new IllegalStateException("Missing " + path + ": install Debian's redis-server "
					+ "(scripts/test does this when run as root) or set REDIS_SERVER_BIN");
		}
		return file;
	}

}
