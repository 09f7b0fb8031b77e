package dev.authstack.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real nginx (Debian's /usr/sbin/nginx, or NGINX_BIN) in front of the service under
 * test, with the project's own templates rendered by scripts/render-nginx-config into a
 * fresh prefix under target/: upstream = the service's port, listening on 127.0.0.1 on a
 * free port, JSON access log in the prefix, one worker. Template variables (rates,
 * bursts, delays) are settable per server. Runs in the foreground as this JVM's child and
 * is stopped by its PID on {@link #close()}.
 *
 * <pre>
 * try (NginxServer nginx = NginxServer.proxying(port).set("NGINX_LOGIN_RATE", "1r/m").start()) {
 *     nginx.url("/api/v1/login") ...
 * }
 * </pre>
 */
public final class NginxServer implements AutoCloseable {

	private static final Path DEFAULT_BINARY = Path.of("/usr/sbin/nginx");

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path prefix;

	private final int port;

	private final Thread shutdownHook;

	private NginxServer(Process process, Path prefix, int port) {
		this.process = process;
		this.prefix = prefix;
		this.port = port;
		this.shutdownHook = new Thread(process::destroy, "nginx-" + process.pid() + "-stop");
		Runtime.getRuntime().addShutdownHook(shutdownHook);
	}

	/**
	 * A server to configure, proxying to the service on 127.0.0.1:{@code upstreamPort}.
	 */
	public static Builder proxying(int upstreamPort) {
		return new Builder(upstreamPort);
	}

	/**
	 * The nginx binary: NGINX_BIN, else Debian's; fails naming it when it isn't there.
	 */
	public static Path binary() {
		String configured = System.getenv("NGINX_BIN");
		Path binary = configured == null || configured.isBlank() ? DEFAULT_BINARY : Path.of(configured);
		if (!Files.isExecutable(binary)) {
			throw new IllegalStateException("nginx not found: " + binary + " is missing or not executable. Install "
					+ "Debian's nginx (apt-get install nginx; scripts/test does) or set NGINX_BIN.");
		}
		return binary;
	}

	public int port() {
		return port;
	}

	public long pid() {
		return process.pid();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	public Path prefix() {
		return prefix;
	}

	public Path accessLogFile() {
		return prefix.resolve("logs/access.log");
	}

	/** The access log so far, one JSON object per request. */
	public List<JsonNode> accessLog() {
		try {
			List<JsonNode> entries = new ArrayList<>();
			if (Files.exists(accessLogFile())) {
				for (String line : Files.readAllLines(accessLogFile(), StandardCharsets.UTF_8)) {
					if (!line.isBlank()) {
						entries.add(json.readTree(line));
					}
				}
			}
			return entries;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The first access log entry matching; waits for it, because nginx writes the line
	 * after the response has gone out.
	 */
	public JsonNode awaitAccessLogEntry(Predicate<JsonNode> matching) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			for (JsonNode entry : accessLog()) {
				if (matching.test(entry)) {
					return entry;
				}
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("No matching line in " + accessLogFile() + ":\n"
						+ String.join("\n", accessLog().stream().map(JsonNode::toString).toList()));
			}
			pause(Duration.ofMillis(20));
		}
	}

	/**
	 * Stops nginx by its PID (SIGTERM: fast shutdown), SIGKILL if it hasn't gone in 10 s.
	 */
	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down: the hook runs anyway
		}
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static final class Builder {

		private final int upstreamPort;

		private final Map<String, String> variables = new LinkedHashMap<>();

		private final List<Integer> moreUpstreams = new ArrayList<>();

		private Builder(int upstreamPort) {
			this.upstreamPort = upstreamPort;
		}

		/**
		 * A template variable of scripts/render-nginx-config, e.g. NGINX_LOGIN_RATE=1r/m.
		 */
		public Builder set(String name, String value) {
			variables.put(name, value);
			return this;
		}

		public Builder api(String rate, int burst) {
			return set("NGINX_API_RATE", rate).set("NGINX_API_BURST", Integer.toString(burst));
		}

		public Builder login(String rate, int burst) {
			return set("NGINX_LOGIN_RATE", rate).set("NGINX_LOGIN_BURST", Integer.toString(burst));
		}

		/**
		 * Another replica on 127.0.0.1:{@code port} in the upstream. The template takes
		 * one server (compose scales through DNS), so the rendered copy gets a line per
		 * extra replica, as bench/run does; the project's files stay as they are.
		 */
		public Builder alsoUpstream(int port) {
			moreUpstreams.add(port);
			return this;
		}

		/**
		 * The API zone's burst: "nodelay" (the default), "" (held back to the rate) or
		 * "delay=N".
		 */
		public Builder apiNodelay(String nodelay) {
			return set("NGINX_API_NODELAY", nodelay);
		}

		/** Renders the templates, starts nginx and waits until /nginx-health answers. */
		public NginxServer start() {
			Path binary = binary();
			IllegalStateException failure = null;
			// A free port can be taken between finding and binding it: try another one
			// then.
			for (int attempt = 0; attempt < 3; attempt++) {
				try {
					return startOn(binary, freePort());
				}
				catch (PortTakenException ex) {
					failure = ex;
				}
			}
			throw failure;
		}

		private NginxServer startOn(Path binary, int port) {
			Path repo = Path.of("").toAbsolutePath();
			Path script = repo.resolve("scripts/render-nginx-config");
			if (!Files.isExecutable(script)) {
				throw new IllegalStateException(script + " not found: run the tests from the repository root");
			}
			Path prefix;
			try {
				prefix = Files.createTempDirectory(repo.resolve("target"), "it-nginx-");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Map<String, String> environment = new LinkedHashMap<>();
			environment.put("AUTH_UPSTREAM", "127.0.0.1:" + upstreamPort);
			environment.put("NGINX_LISTEN", "127.0.0.1:" + port);
			environment.put("NGINX_ACCESS_LOG", prefix.resolve("logs/access.log").toString());
			environment.put("NGINX_ERROR_LOG", prefix.resolve("logs/error.log").toString());
			environment.put("NGINX_WORKER_PROCESSES", "1");
			environment.put("NGINX_BIN", binary.toString());
			environment.putAll(variables);

			ProcessResult render = run(List.of("bash", script.toString(), "--foreground", "--test", prefix.toString()),
					environment, prefix.resolve("render.out"));
			if (render.exitCode() != 0) {
				throw new IllegalStateException("scripts/render-nginx-config failed (exit " + render.exitCode()
						+ ") with " + environment + ":\n" + render.output());
			}

			if (!moreUpstreams.isEmpty()) {
				addUpstreams(prefix.resolve("conf.d/default.conf"));
			}

			Path conf = prefix.resolve("nginx.conf");
			Path output = prefix.resolve("logs/nginx.out");
			Process process;
			try {
				process = new ProcessBuilder(binary.toString(), "-p", prefix + "/", "-c", conf.toString(), "-e",
						prefix.resolve("logs/error.log").toString())
					.redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start " + binary, ex);
			}
			NginxServer server = new NginxServer(process, prefix, port);
			try {
				server.awaitHealthy();
				return server;
			}
			catch (RuntimeException | Error ex) {
				server.close();
				throw ex;
			}
		}

		private void addUpstreams(Path site) {
			try {
				String rendered = Files.readString(site);
				String first = "server 127.0.0.1:" + upstreamPort;
				int at = rendered.indexOf(first);
				if (at < 0) {
					throw new IllegalStateException("no '" + first + "' line in " + site + " (template changed?)");
				}
				int lineEnd = rendered.indexOf('\n', at) + 1;
				StringBuilder lines = new StringBuilder();
				for (int port : moreUpstreams) {
					lines.append("    server 127.0.0.1:").append(port).append(";\n");
				}
				Files.writeString(site, rendered.substring(0, lineEnd) + lines + rendered.substring(lineEnd));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private void awaitHealthy() {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		RawHttp client = RawHttp.from("127.0.0.1");
		while (true) {
			if (!process.isAlive()) {
				String errors = read(prefix.resolve("logs/error.log")) + read(prefix.resolve("logs/nginx.out"));
				if (errors.contains("Address already in use")) {
					throw new PortTakenException(errors);
				}
				throw new IllegalStateException(
						"nginx exited with " + process.exitValue() + " before answering /nginx-health:\n" + errors);
			}
			try {
				if (client.get(port, "/nginx-health", Map.of()).status() == 200) {
					return;
				}
			}
			catch (UncheckedIOException ex) {
				// not listening yet
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"nginx (pid " + process.pid() + ") did not answer /nginx-health on port " + port + " within "
								+ START_TIMEOUT.toSeconds() + " s:\n" + read(prefix.resolve("logs/error.log")));
			}
			pause(Duration.ofMillis(20));
		}
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			return "(" + file + ": " + ex.getMessage() + ")";
		}
	}

	/**
	 * Runs a short command to completion; output (stdout and stderr together) kept in a
	 * file.
	 */
	static ProcessResult run(List<String> command, Map<String, String> environment, Path outputFile) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(outputFile.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish within 60 s");
			}
			return new ProcessResult(process.exitValue(), Files.readString(outputFile));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record ProcessResult(int exitCode, String output) {
	}

	private static final class PortTakenException extends IllegalStateException {

		PortTakenException(String message) {
			super(message);
		}

	}

}
