package dev.authstack.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) on a free loopback port, requiring a login.
 * {@link #shared()} is the one per test JVM that {@link MailExtension} starts and stops;
 * tests that stop the server start their own ({@link #startNew()}), and
 * {@link #stop()}/{@link #start()} take it away and bring it back on the same port.
 * Messages stay until the server stops; tests tell theirs apart by recipient (unique
 * addresses).
 */
public final class MailServer implements AutoCloseable {

	public static final String USER = "authstack";

	private static MailServer shared;

	private final int port;

	private final String password = "it-" + Long.toHexString(System.nanoTime());

	private volatile GreenMail server;

	private MailServer(int port) {
		this.port = port;
	}

	public static synchronized MailServer shared() {
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

	public static MailServer startNew() {
		MailServer server = new MailServer(freePort());
		server.start();
		return server;
	}

	public synchronized void start() {
		if (server != null) {
			return;
		}
		ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
		setup.setServerStartupTimeout(10_000);
		GreenMail greenMail = new GreenMail(setup);
		greenMail.setUser(USER + "@localhost", USER, password);
		greenMail.start();
		server = greenMail;
	}

	/**
	 * Stops the server: connections are refused until {@link #start()}; received messages
	 * are gone.
	 */
	public synchronized void stop() {
		if (server != null) {
			server.stop();
			server = null;
		}
	}

	@Override
	public void close() {
		stop();
	}

	public int port() {
		return port;
	}

	public String password() {
		return password;
	}

	/** AUTH_SMTP_URL for this server (plain SMTP: run it with AUTH_SMTP_STARTTLS=off). */
	public String url() {
		return "smtp://" + USER + "@127.0.0.1:" + port;
	}

	/** Every message received for {@code address} so far. */
	public List<MimeMessage> messagesTo(String address) {
		GreenMail running = server;
		if (running == null) {
			return List.of();
		}
		return Arrays.stream(running.getReceivedMessages()).filter(message -> addressedTo(message, address)).toList();
	}

	/** Waits until {@code count} messages for {@code address} arrived; returns them. */
	public List<MimeMessage> await(String address, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			List<MimeMessage> messages = messagesTo(address);
			if (messages.size() >= count) {
				return messages;
			}
			pause();
		}
		throw new AssertionError("expected " + count + " message(s) for " + address + " within " + timeout + ", got "
				+ messagesTo(address).size());
	}

	/** The one message for {@code address}, waited for. */
	public ReceivedMail awaitOne(String address) {
		return new ReceivedMail(await(address, 1, Duration.ofSeconds(20)).get(0));
	}

	/** The newest of {@code count} messages for {@code address}, waited for. */
	public ReceivedMail awaitNth(String address, int count) {
		List<MimeMessage> messages = await(address, count, Duration.ofSeconds(20));
		return new ReceivedMail(messages.get(count - 1));
	}

	private static boolean addressedTo(MimeMessage message, String address) {
		try {
			Address[] to = message.getRecipients(Message.RecipientType.TO);
			return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(address));
		}
		catch (MessagingException ex) {
			return false;
		}
	}

	private static void pause() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
