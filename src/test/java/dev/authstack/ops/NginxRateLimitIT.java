package dev.authstack.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.NginxServer;
import dev.authstack.support.RawHttp;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's nginx templates in front of the service on real PostgreSQL: per-IP rate
 * limits, the client address reaching the service, and one request id in both logs. Each
 * test renders its own nginx (fresh limit zones) with the rates it needs.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class NginxRateLimitIT extends RealDatabase {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	Api app;

	String username;

	@BeforeEach
	void signUp() {
		app = new Api(port);
		username = Accounts.uniqueName("edge");
		assertThat(app.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
	}

	@Test
	void loginBurstFromOneAddressLetsExactlyBurstPlusOneThrough() throws Exception {
		// 1r/m: no request's worth of budget comes back while the burst is running
		int burst = 3;
		int attempts = 10;
		try (NginxServer nginx = NginxServer.proxying(port).login("1r/m", burst).start()) {
			List<Timed> answers = concurrently(attempts, () -> login(nginx));

			List<Integer> statuses = answers.stream().map(Timed::status).toList();
			System.out.printf("login burst=%d, %d concurrent attempts: %s%n", burst, attempts, statuses);
			assertThat(statuses).filteredOn(status -> status != 429).hasSize(burst + 1).containsOnly(200);
			assertThat(statuses).filteredOn(status -> status == 429).hasSize(attempts - burst - 1);
			HttpResponse<String> refused = answers.stream()
				.filter(answer -> answer.status() == 429)
				.findFirst()
				.orElseThrow()
				.response();
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
			assertThat(json.readTree(refused.body()).get("status").asInt()).isEqualTo(429);
		}
	}

	@Test
	void retryAfterIsTheTimeTheRefusingZoneTakesToLetTheNextRequestThrough() throws Exception {
		// login zone 10r/m: one request's budget comes back every 6 s; api zone 10r/s:
		// every 1 s
		try (NginxServer nginx = NginxServer.proxying(port).login("10r/m", 1).api("10r/s", 1).start()) {
			RawHttp client = RawHttp.from("127.0.0.1");
			List<RawHttp.Response> logins = List.of(rawLoginResponse(client, nginx), rawLoginResponse(client, nginx),
					rawLoginResponse(client, nginx));
			RawHttp.Response refused = logins.get(2);
			System.out.printf("login 10r/m burst=1: %s, Retry-After %s%n",
					logins.stream().map(RawHttp.Response::status).toList(), refused.header("Retry-After"));
			assertThat(logins.get(0).status()).isEqualTo(200);
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(refused.header("Retry-After")).isEqualTo("6");

			List<Integer> health = new ArrayList<>();
			RawHttp.Response apiRefused = null;
			for (int i = 0; i < 6 && apiRefused == null; i++) {
				RawHttp.Response response = client.get(nginx.port(), "/api/v1/health", Map.of());
				health.add(response.status());
				if (response.status() == 429) {
					apiRefused = response;
				}
			}
			assertThat(apiRefused).as("an api-zone 429 among %s", health).isNotNull();
			assertThat(apiRefused.header("Retry-After")).isEqualTo("1");

			// waiting what the login zone's 429 said is enough, for the login zone and
			// the api zone
			Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(refused.header("Retry-After"))));
			assertThat(rawLogin(client, nginx)).isEqualTo(200);
		}
	}

	@Test
	void apiZoneLetsAClientAtAModestPaceThrough() throws Exception {
		try (NginxServer nginx = NginxServer.proxying(port).api("5r/s", 5).start()) {
			Api edge = new Api(nginx.baseUrl());
			// 20 requests, four times the burst, at 4/s (under the 5r/s rate): all served
			long start = System.nanoTime();
			List<Integer> paced = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				sleepUntil(start + TimeUnit.MILLISECONDS.toNanos(250L * i));
				paced.add(edge.get("/api/v1/health").status());
			}
			assertThat(paced).containsOnly(200);

			// the same zone does refuse a client that goes faster
			List<Integer> rushed = concurrently(15, () -> timed(HttpRequest.newBuilder(uri(nginx, "/api/v1/health"))))
				.stream()
				.map(Timed::status)
				.toList();
			System.out.printf("api 5r/s burst=5: 20 paced at 4/s -> %s; 15 at once -> %s%n", paced, rushed);
			assertThat(rushed).contains(429);
		}
	}

	@Test
	void withoutNodelayExcessRequestsAreDelayedRatherThanRefused() throws Exception {
		// 2r/s: each request of the burst waits 500 ms longer than the one before it
		int burst = 3;
		List<Timed> delayed;
		try (NginxServer nginx = NginxServer.proxying(port).api("2r/s", burst).apiNodelay("").start()) {
			delayed = concurrently(burst + 3, () -> timed(HttpRequest.newBuilder(uri(nginx, "/livez"))));
		}
		List<Timed> immediate;
		try (NginxServer nginx = NginxServer.proxying(port).api("2r/s", burst).start()) {
			immediate = concurrently(burst + 3, () -> timed(HttpRequest.newBuilder(uri(nginx, "/livez"))));
		}
		System.out.printf("2r/s burst=3, 6 at once, without nodelay: %s%n", delayed);
		System.out.printf("2r/s burst=3, 6 at once, nodelay: %s%n", immediate);

		List<Long> served = delayed.stream().filter(t -> t.status() == 200).map(Timed::millis).sorted().toList();
		assertThat(served).hasSize(burst + 1);
		for (int k = 1; k <= burst; k++) {
			// nginx holds the k-th excess request back k / rate = k * 500 ms; allow for
			// timer slack
			assertThat(served.get(k)).as("answer %d of the burst, ms", k).isGreaterThanOrEqualTo(k * 500L - 100);
		}
		assertThat(delayed).filteredOn(t -> t.status() == 429)
			.hasSize(2)
			.allSatisfy(t -> assertThat(t.millis()).isLessThan(served.get(burst)));

		assertThat(immediate).filteredOn(t -> t.status() == 200).hasSize(burst + 1);
		long slowestImmediate = immediate.stream().mapToLong(Timed::millis).max().orElseThrow();
		assertThat(slowestImmediate).isLessThan(served.get(burst));
	}

	@Test
	void aSecondClientAddressHasItsOwnBudget() {
		try (NginxServer nginx = NginxServer.proxying(port).login("1r/m", 1).start()) {
			RawHttp first = RawHttp.from("127.0.0.1");
			RawHttp second = RawHttp.from("127.0.0.2");

			List<Integer> fromFirst = List.of(rawLogin(first, nginx), rawLogin(first, nginx), rawLogin(first, nginx));
			List<Integer> fromSecond = List.of(rawLogin(second, nginx), rawLogin(second, nginx),
					rawLogin(second, nginx));
			int firstAgain = rawLogin(first, nginx);

			System.out.printf("login 1r/m burst=1: 127.0.0.1 %s, 127.0.0.2 %s, 127.0.0.1 again %d%n", fromFirst,
					fromSecond, firstAgain);
			assertThat(fromFirst).containsExactly(200, 200, 429);
			assertThat(fromSecond).containsExactly(200, 200, 429);
			assertThat(firstAgain).isEqualTo(429);
			assertThat(nginx.accessLog()).extracting(entry -> entry.get("remote_addr").asString())
				.contains("127.0.0.1", "127.0.0.2");
		}
	}

	@Test
	void theServiceSeesTheClientAddressThatNginxSaw() {
		try (NginxServer nginx = NginxServer.proxying(port).start()) {
			// A client-supplied X-Forwarded-For is replaced at the edge, not trusted
			RawHttp.Response login = RawHttp.from("127.0.0.2")
				.postJson(nginx.port(), "/api/v1/login", Map.of("X-Forwarded-For", "203.0.113.9"),
						Api.toJson(Map.of("username", username, "password", Accounts.PASSWORD)));
			assertThat(login.status()).isEqualTo(200);
			String token = json.readTree(login.body()).get("access_token").asString();

			// the service's only TCP peer is nginx on 127.0.0.1: 127.0.0.2 came in
			// X-Forwarded-For
			JsonNode sessions = app.get("/api/v1/me/sessions", token).json();
			JsonNode current = null;
			for (JsonNode session : sessions) {
				if (session.get("current").asBoolean()) {
					current = session;
				}
			}
			assertThat(current).as("current session in %s", sessions).isNotNull();
			assertThat(current.get("ip").asString()).isEqualTo("127.0.0.2");
		}
	}

	@Test
	void oneRequestIdInNginxsAccessLogAndTheServicesLog(CapturedOutput output) {
		try (NginxServer nginx = NginxServer.proxying(port).start()) {
			Api edge = new Api(nginx.baseUrl());

			// the client's own id is kept
			String given = "it-" + UUID.randomUUID();
			String named = Accounts.uniqueName("rid");
			Api.Response withId = edge.send(HttpRequest.newBuilder(edge.uri("/api/v1/signup"))
				.header("Content-Type", "application/json")
				.header("X-Request-ID", given)
				.POST(HttpRequest.BodyPublishers.ofString(Api.toJson(Accounts.signup(named)))));
			assertThat(withId.status()).isEqualTo(201);
			assertThat(withId.header("X-Request-ID")).isEqualTo(given);
			assertSameIdInBothLogs(nginx, output, given, named);

			// without one, nginx makes one up and passes it on
			String unnamed = Accounts.uniqueName("rid");
			Api.Response withoutId = edge.post("/api/v1/signup", Accounts.signup(unnamed));
			assertThat(withoutId.status()).isEqualTo(201);
			String generated = withoutId.header("X-Request-ID");
			assertThat(generated).matches("[0-9a-f]{32}");
			assertSameIdInBothLogs(nginx, output, generated, unnamed);
		}
	}

	private static void assertSameIdInBothLogs(NginxServer nginx, CapturedOutput output, String id, String username) {
		JsonNode access = nginx.awaitAccessLogEntry(entry -> id.equals(entry.get("request_id").asString()));
		assertThat(access.get("uri").asString()).isEqualTo("/api/v1/signup");
		assertThat(access.get("status").asInt()).isEqualTo(201);
		assertThat(output.getOut().lines().filter(line -> line.contains("Account " + username + " created")))
			.as("the service's log line for the signup of %s", username)
			.singleElement()
			.asString()
			.contains("[" + id + "]");
	}

	private int rawLogin(RawHttp client, NginxServer nginx) {
		return rawLoginResponse(client, nginx).status();
	}

	private RawHttp.Response rawLoginResponse(RawHttp client, NginxServer nginx) {
		return client.postJson(nginx.port(), "/api/v1/login", Map.of(),
				Api.toJson(Map.of("username", username, "password", Accounts.PASSWORD)));
	}

	private Timed login(NginxServer nginx) {
		return timed(HttpRequest.newBuilder(uri(nginx, "/api/v1/login"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString(Api.toJson(Map.of("username", username, "password", Accounts.PASSWORD)))));
	}

	private static URI uri(NginxServer nginx, String path) {
		return URI.create(nginx.baseUrl() + path);
	}

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/**
	 * Sends a request; its status and how long after the burst's start it was answered.
	 */
	private Timed timed(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Timed(response.statusCode(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStart),
					response);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private volatile long burstStart;

	/**
	 * Runs {@code count} requests at once: each on its own thread and connection,
	 * released together.
	 */
	private List<Timed> concurrently(int count, java.util.concurrent.Callable<Timed> request) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(count);
		try {
			CountDownLatch ready = new CountDownLatch(count);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Timed>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(pool.submit(() -> {
					ready.countDown();
					go.await();
					return request.call();
				}));
			}
			ready.await(10, TimeUnit.SECONDS);
			burstStart = System.nanoTime();
			go.countDown();
			List<Timed> results = new ArrayList<>();
			for (Future<Timed> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void sleepUntil(long nanoTime) throws InterruptedException {
		long wait = nanoTime - System.nanoTime();
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

	record Timed(int status, long millis, HttpResponse<String> response) {

		@Override
		public String toString() {
			return status + "@" + millis + "ms";
		}

	}

}
