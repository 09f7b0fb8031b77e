package dev.authstack.account;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optional k-anonymity check (AUTH_PASSWORD_BREACHCHECK_URL) against a local HTTP
 * server that serves the range format (Pwned Passwords: GET {url}{first 5 hex of SHA-1}
 * answers "SUFFIX:COUNT" lines). Only the five-character prefix may leave the service.
 */
@IntegrationTest
class BreachCheckIT extends RealDatabase {

	static final String BREACHED = "lavender submarine 1987";

	static final List<String> requested = new CopyOnWriteArrayList<>();

	static HttpServer ranges;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void breachCheck(DynamicPropertyRegistry registry) throws IOException {
		ranges = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		String hash = sha1(BREACHED);
		ranges.createContext("/range/", exchange -> {
			String prefix = exchange.getRequestURI().getPath().substring("/range/".length());
			requested.add(prefix);
			StringBuilder body = new StringBuilder("0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n");
			if (prefix.equals(hash.substring(0, 5))) {
				body.append(hash.substring(5)).append(":52\r\n");
			}
			body.append("00D4F6E8FA6EECAD2A3AA415EEC418D38EC:0\r\n");
			byte[] bytes = body.toString().getBytes(StandardCharsets.US_ASCII);
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		ranges.start();
		registry.add("auth.password.breach-check.url",
				() -> "http://127.0.0.1:" + ranges.getAddress().getPort() + "/range/");
	}

	@AfterAll
	static void stop() {
		ranges.stop(0);
	}

	@Test
	void aPasswordFoundInTheRangeIsRefusedAndOnlyThePrefixIsSent() {
		Api api = new Api(port);
		Map<String, Object> body = Accounts.signup(Accounts.uniqueName("breach"));
		body.put("password", BREACHED);
		Api.Response refused = api.post("/api/v1/signup", body);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
		assertThat(refused.json().get("errors").get(0).get("message").asString()).contains("breach");

		body.put("password", "lavender submarine 1988");
		assertThat(api.post("/api/v1/signup", body).status()).isEqualTo(201);

		assertThat(requested).contains(sha1(BREACHED).substring(0, 5), sha1("lavender submarine 1988").substring(0, 5));
		assertThat(requested).allSatisfy(prefix -> assertThat(prefix).matches("[0-9A-F]{5}"));
	}

	static String sha1(String password) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8)))
				.toUpperCase(Locale.ROOT);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
