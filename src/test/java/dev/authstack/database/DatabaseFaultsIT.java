package dev.authstack.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.Await;
import dev.authstack.support.Instances;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL of the test's own, stopped, restarted and with its connections killed
 * under the running service: a client sees 503 with Retry-After within about a second,
 * never a 500, and the service recovers by itself. Redis is configured but unreachable,
 * so every session check must ask PostgreSQL.
 */
class DatabaseFaultsIT {

	static Path dir;

	static EmbeddedPostgres postgres;

	static int pgPort;

	static ConfigurableApplicationContext app;

	static Api api;

	@BeforeAll
	static void start() throws IOException {
		dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "faults-pg-");
		postgres = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
		pgPort = postgres.getPort();
		app = Instances.start("--auth.db.url=" + postgres.getJdbcUrl("postgres", "postgres"),
				"--auth.db.username=postgres", "--auth.redis.url=redis://127.0.0.1:1");
		api = new Api(Instances.port(app));
	}

	@AfterAll
	static void stop() throws IOException {
		if (app != null) {
			app.close();
		}
		postgres.close();
	}

	/** Each test leaves PostgreSQL running, whatever it did to it. */
	@AfterEach
	void postgresBackUp() throws IOException {
		if (!Files.exists(dir.resolve("postmaster.pid"))) {
			postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dir)
				.setCleanDataDirectory(false)
				.setPort(pgPort)
				.start();
		}
	}

	@Test
	void withRedisAndPostgresDownRequestsGet503FastAndRecover() throws IOException {
		String token = api.signupAndLogin(Accounts.uniqueName("faults"), Accounts.PASSWORD);
		assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);

		postgres.close();
		for (int i = 0; i < 3; i++) {
			long start = System.nanoTime();
			Api.Response me = api.get("/api/v1/me", token);
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertUnavailable(me);
			assertThat(millis).as("GET /api/v1/me while PostgreSQL is down took %d ms", millis).isLessThan(2500);
		}
		assertUnavailable(api.post("/api/v1/signup", Accounts.signup(Accounts.uniqueName("faults"))));
		assertUnavailable(api.post("/api/v1/login", Map.of("username", "someone", "password", Accounts.PASSWORD)));

		postgres = EmbeddedPostgres.builder()
			.setDataDirectory(dir)
			.setCleanDataDirectory(false)
			.setPort(pgPort)
			.start();
		assertThat(eventuallyStatus(() -> api.get("/api/v1/me", token))).isEqualTo(200);
	}

	@Test
	void connectionsKilledUnderTheServiceNeverSurfaceAs500() throws Exception {
		String token = api.signupAndLogin(Accounts.uniqueName("killed"), Accounts.PASSWORD);
		// fill the pool with connections that have served requests
		for (int i = 0; i < 20; i++) {
			assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
		}
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("select pg_terminate_backend(pid) from pg_stat_activity "
					+ "where pid <> pg_backend_pid() and backend_type = 'client backend'");
		}
		List<Integer> statuses = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 20; i++) {
			statuses.add(api.get("/api/v1/me", token).status());
			statuses.add(api.post("/api/v1/signup", Accounts.signup(Accounts.uniqueName("killed"))).status());
		}
		assertThat(statuses).doesNotContain(500);
		// a read on a killed connection is retried once on a fresh one
		assertThat(statuses.stream().filter(status -> status == 503).count()).isLessThanOrEqualTo(2);
	}

	@Test
	void aRestartUnderTrafficGivesOnly503sBesideSuccesses() throws Exception {
		String token = api.signupAndLogin(Accounts.uniqueName("restart"), Accounts.PASSWORD);
		ConcurrentMap<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
		List<String> problems = new CopyOnWriteArrayList<>();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService clients = Executors.newFixedThreadPool(4);
		for (int c = 0; c < 4; c++) {
			int client = c;
			clients.submit(() -> {
				while (running.get()) {
					Api.Response response = client % 2 == 0 ? api.get("/api/v1/me", token)
							: api.post("/api/v1/signup", Accounts.signup(Accounts.uniqueName("traffic")));
					counts.computeIfAbsent(response.status(), status -> new AtomicInteger()).incrementAndGet();
					if (response.status() >= 500 && (response.status() != 503 || response.header("Retry-After") == null
							|| !response.contentType().startsWith("application/problem+json"))) {
						problems.add(response.status() + " " + response.body());
					}
				}
				return null;
			});
		}
		awaitRequests(counts, 20);
		postgres.close();
		awaitFailure(counts);
		postgres = EmbeddedPostgres.builder()
			.setDataDirectory(dir)
			.setCleanDataDirectory(false)
			.setPort(pgPort)
			.start();
		int successes = total(counts, 200) + total(counts, 201);
		awaitSuccessesAbove(counts, successes + 20);
		running.set(false);
		clients.shutdown();
		assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

		assertThat(problems).isEmpty();
		assertThat(counts.keySet()).as("statuses seen: %s", counts).containsOnly(200, 201, 503);
	}

	private static void assertUnavailable(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(503);
		assertThat(response.header("Retry-After")).isNotNull();
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("SQL").doesNotContain("at org.");
	}

	private static int eventuallyStatus(java.util.function.Supplier<Api.Response> request) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		int status = 0;
		while (System.nanoTime() < deadline) {
			status = request.get().status();
			if (status == 200) {
				return status;
			}
			pause();
		}
		return status;
	}

	private static int total(Map<Integer, AtomicInteger> counts, int status) {
		AtomicInteger count = counts.get(status);
		return count == null ? 0 : count.get();
	}

	private static void awaitRequests(Map<Integer, AtomicInteger> counts, int n) {
		await(() -> counts.values().stream().mapToInt(AtomicInteger::get).sum() >= n, "requests");
	}

	private static void awaitFailure(Map<Integer, AtomicInteger> counts) {
		await(() -> counts.keySet().stream().anyMatch(status -> status >= 400), "failed request");
	}

	private static void awaitSuccessesAbove(Map<Integer, AtomicInteger> counts, int n) {
		await(() -> total(counts, 200) + total(counts, 201) >= n, "successes after the restart");
	}

	private static void await(java.util.function.BooleanSupplier condition, String what) {
		Await.until(condition, java.time.Duration.ofSeconds(60), "a " + what);
	}

	private static void pause() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
