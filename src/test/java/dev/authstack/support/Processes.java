package dev.authstack.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the real-process test servers share: free ports, children that log to a file and
 * die with the JVM, waiting for a condition with a deadline, killing a process tree by
 * PID, running a program as another user.
 */
public final class Processes {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private Processes() {
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

	/** The program's path, or a failure naming the Debian package that brings it. */
	public static Path binary(String path, String debianPackage) {
		Path binary = Path.of(path);
		if (!Files.isExecutable(binary)) {
			throw new IllegalStateException("Missing " + path + ": install Debian's " + debianPackage
					+ " (scripts/test does this when run as root)");
		}
		return binary;
	}

	/**
	 * Starts {@code command} with its output appended to {@code log}; a shutdown hook
	 * kills it should the JVM end without stopping it. {@code environment} is added to
	 * this JVM's, less the Python settings of a pyenv shell, which would break Debian's
	 * Python programs (Patroni).
	 */
	public static Process start(List<String> command, Map<String, String> environment, Path log) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			// not the checkout, which a program run as another user may not be able to
			// enter
			.directory(log.toAbsolutePath().getParent().toFile());
		builder.environment().keySet().removeIf(name -> name.startsWith("PYTHON") || name.startsWith("PYENV"));
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> killTree(process.pid()), "kill-" + process.pid()));
			return process;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command.get(0), ex);
		}
	}

	/**
	 * {@code command} run as {@code user} (setpriv execs it: the PID stays the program's
	 * own).
	 */
	public static List<String> asUser(String user, List<String> command) {
		List<String> wrapped = new ArrayList<>(
				List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--"));
		wrapped.addAll(command);
		return wrapped;
	}

	/**
	 * SIGKILL to a process and every descendant it has now, like a machine that loses
	 * power.
	 */
	public static void killTree(long pid) {
		ProcessHandle.of(pid).ifPresent(process -> {
			List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
			all.add(0, process);
			all.forEach(ProcessHandle::destroyForcibly);
			for (ProcessHandle handle : all) {
				try {
					handle.onExit().get(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					// a zombie of a parent that is not us stays until that parent reaps
					// it
				}
			}
		});
	}

	/**
	 * Polls {@code condition} every 50 ms until it holds; fails naming {@code what} at
	 * the deadline.
	 */
	public static void await(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(what + " did not happen within " + timeout.toSeconds() + " s");
			}
			pause(Duration.ofMillis(50));
		}
	}

	public static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** GET on loopback: status and body, or status -1 while nothing answers. */
	public static HttpResult httpGet(String url) {
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			return new HttpResult(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			return new HttpResult(-1, ex.getClass().getSimpleName());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Runs a short command to completion; fails with its output unless it exits 0. */
	public static String run(List<String> command, Map<String, String> environment) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(command.get(0) + " failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Creates a fresh directory that {@code owner} may use (and everyone traverse): under
	 * target/, unless {@code owner} is another user and cannot reach target/ (a checkout
	 * under a private directory: root's home, {@code mktemp -d}); then under the system's
	 * temporary directory, and {@link #discard} removes what should not stay there.
	 */
	public static Path directory(String prefix, String owner) {
		try {
			Path target = Path.of("target").toAbsolutePath();
			Path parent = owner == null || traversableByOthers(target) ? target
					: Path.of(System.getProperty("java.io.tmpdir"));
			Path dir = Files.createTempDirectory(parent, prefix);
			run(List.of("chmod", "0755", dir.toString()), Map.of());
			if (owner != null) {
				run(List.of("chown", owner + ":" + owner, dir.toString()), Map.of());
			}
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Removes {@code dir} if it lies outside target/ (what is under target/ stays for a
	 * look after the run, until the next clean build).
	 */
	public static void discard(Path dir) {
		if (!dir.startsWith(Path.of("target").toAbsolutePath())) {
			run(List.of("rm", "-rf", "--one-file-system", dir.toString()), Map.of());
		}
	}

	private static boolean traversableByOthers(Path dir) throws IOException {
		for (Path p = dir; p != null; p = p.getParent()) {
			if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
				return false;
			}
		}
		return true;
	}

	public record HttpResult(int status, String body) {
	}

}
