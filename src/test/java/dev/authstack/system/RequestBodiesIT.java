package dev.authstack.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RawHttp;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies straight at Tomcat (no nginx buffering them first): slow ones must not
 * take every thread, and form posts are held to the same size limit as JSON.
 */
@IntegrationTest
class RequestBodiesIT extends RealDatabase {

	@LocalServerPort
	int port;

	@Test
	void slowBodiesDoNotStarveReads() throws Exception {
		Api api = new Api(port);
		String token = api.signupAndLogin(Accounts.uniqueName("slow"), Accounts.PASSWORD);
		List<Socket> slow = new ArrayList<>();
		AtomicBoolean dripping = new AtomicBoolean(true);
		ExecutorService drip = Executors.newSingleThreadExecutor();
		try {
			for (int i = 0; i < 250; i++) {
				Socket socket = new Socket();
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
				String path = i % 2 == 0 ? "/api/v1/login" : "/login";
				String type = i % 2 == 0 ? "application/json" : "application/x-www-form-urlencoded";
				socket.getOutputStream()
					.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type
							+ "\r\nContent-Length: 1000\r\n\r\n{")
						.getBytes(StandardCharsets.ISO_8859_1));
				slow.add(socket);
			}
			// one more body byte on every connection every 5 s, as the attack does
			drip.submit(() -> {
				while (dripping.get()) {
					for (Socket socket : slow) {
						try {
							socket.getOutputStream().write(' ');
						}
						catch (IOException ex) {
							// closed by the server: fine
						}
					}
					try {
						Thread.sleep(5_000);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
			// give Tomcat time to hand the slow requests to its threads
			Thread.sleep(3_000);
			List<Long> reads = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				long t0 = System.nanoTime();
				assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
				reads.add((System.nanoTime() - t0) / 1_000_000);
				Thread.sleep(500);
			}
			System.out.println("GET /me during 250 slow bodies, ms: " + reads);
			assertThat(reads).allSatisfy(ms -> assertThat(ms).isLessThan(2_000));
			// a normal login still gets through
			assertThat(api.login(loginName(api), Accounts.PASSWORD)).isNotBlank();
		}
		finally {
			dripping.set(false);
			drip.shutdownNow();
			drip.awaitTermination(10, TimeUnit.SECONDS);
			for (Socket socket : slow) {
				socket.close();
			}
		}
	}

	private String loginName(Api api) {
		String name = Accounts.uniqueName("during");
		assertThat(api.post("/api/v1/signup", Accounts.signup(name)).status()).isEqualTo(201);
		return name;
	}

	@Test
	void aSlowBodyIsCutOffWithATimeout() throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
					+ "\r\nContent-Length: 1000\r\n\r\n{")
				.getBytes(StandardCharsets.ISO_8859_1));
			long t0 = System.nanoTime();
			InputStream in = socket.getInputStream();
			String answer = null;
			while (answer == null && System.nanoTime() - t0 < 40_000_000_000L) {
				out.write(' ');
				Thread.sleep(1_000);
				if (in.available() > 0) {
					answer = new String(in.readNBytes(in.available()), StandardCharsets.ISO_8859_1);
				}
			}
			long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
			System.out.println("slow body answered after " + seconds + " s: "
					+ (answer == null ? null : answer.lines().findFirst().orElse("")));
			assertThat(answer).startsWith("HTTP/1.1 408");
			assertThat(answer).contains("application/problem+json");
		}
	}

	@Test
	void aChunkedFormPostOverTheLimitIsRefusedWith413() {
		StringBuilder form = new StringBuilder("username=a&password=");
		form.append("x".repeat(1_500_000));
		RawHttp.Response response = RawHttp.from("127.0.0.1")
			.sendRaw(port, "POST", "/login",
					Map.of("Content-Type", "application/x-www-form-urlencoded", "Transfer-Encoding", "chunked"),
					chunked(form.toString()));
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void aFormPostWithContentLengthOverTheLimitIsRefusedWith413() {
		String form = "username=a&password=" + "x".repeat(20_000);
		RawHttp.Response response = RawHttp.from("127.0.0.1")
			.send(port, "POST", "/login", Map.of("Content-Type", "application/x-www-form-urlencoded"), form);
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	private static byte[] chunked(String body) {
		StringBuilder out = new StringBuilder();
		byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
		for (int at = 0; at < bytes.length; at += 8192) {
			int n = Math.min(8192, bytes.length - at);
			out.append(Integer.toHexString(n)).append("\r\n").append(body, at, at + n).append("\r\n");
		}
		return out.append("0\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
	}

}
