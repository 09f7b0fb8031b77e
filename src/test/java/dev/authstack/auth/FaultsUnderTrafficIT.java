package dev.authstack.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.Await;
import dev.authstack.support.RedisServer;
import dev.authstack.support.Replicas;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas on a PostgreSQL and a Redis of the test's own, under steady traffic of
 * live and ended sessions, while Redis restarts empty, PostgreSQL restarts, and both go
 * down together. A token refused once is never accepted again, and nothing answers 500:
 * only the usual answers or 503 with Retry-After.
 */
class FaultsUnderTrafficIT {

	static Path pgDir;

	static EmbeddedPostgres postgres;

	static int pgPort;

	static RedisServer redis;

	static Replicas service;

	static List<Api> replicas;

	@BeforeAll
	static void start() throws IOException {
		pgDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "traffic-pg-");
		postgres = EmbeddedPostgres.builder().setDataDirectory(pgDir).setCleanDataDirectory(false).start();
		pgPort = postgres.getPort();
		redis = RedisServer.startNew();
		String[] args = { "--auth.db.url=" + postgres.getJdbcUrl("postgres", "postgres"), "--auth.db.username=postgres",
				"--auth.redis.url=" + redis.url() };
		service = new Replicas(2, args);
		replicas = service.apis();
	}

	@AfterAll
	static void stop() throws IOException {
		if (service != null) {
			service.close();
		}
		if (redis != null) {
			redis.close();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	void endedSessionsStayEndedAndNothingAnswers500() throws Exception {
		List<String> live = new ArrayList<>();
		List<String> ended = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			Api api = replicas.get(i % 2);
			String token = api.signupAndLogin(Accounts.uniqueName("traffic"), Accounts.PASSWORD);
			if (i % 2 == 0) {
				live.add(token);
			}
			else {
				assertThat(replicas.get((i + 1) % 2).logout(token)).isEqualTo(204);
				ended.add(token);
			}
		}
		Traffic traffic = new Traffic(live, ended);
		traffic.start();
		try {
			traffic.await(() -> traffic.ok.get() > 50, "traffic before the faults");

			redis.stop();
			traffic.awaitMore("with Redis down");
			redis.start();
			traffic.awaitMore("after Redis came back empty");

			restartPostgres();
			traffic.awaitMore("after PostgreSQL restarted");

			redis.stop();
			postgres.close();
			traffic.await(() -> traffic.unavailable.get() > 0, "503 with both down");
			redis.start();
			postgres = EmbeddedPostgres.builder()
				.setDataDirectory(pgDir)
				.setCleanDataDirectory(false)
				.setPort(pgPort)
				.start();
			traffic.awaitMore("after both came back");
		}
		finally {
			traffic.stop();
		}

		assertThat(traffic.violations).isEmpty();
		assertThat(traffic.statuses.keySet()).as("statuses: %s", traffic.statuses).isSubsetOf(200, 201, 401, 503);
		for (String token : ended) {
			for (Api api : replicas) {
				assertThat(api.get("/api/v1/me", token).status()).isEqualTo(401);
			}
		}
		for (String token : live) {
			for (Api api : replicas) {
				assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
			}
		}
	}

	private static void restartPostgres() throws IOException {
		postgres.close();
		postgres = EmbeddedPostgres.builder()
			.setDataDirectory(pgDir)
			.setCleanDataDirectory(false)
			.setPort(pgPort)
			.start();
	}

	/** Clients reading with live and ended tokens, and signing up, on both replicas. */
	static final class Traffic {

		final List<String> live;

		final List<String> ended;

		final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

		final List<String> violations = new CopyOnWriteArrayList<>();

		final AtomicInteger ok = new AtomicInteger();

		final AtomicInteger unavailable = new AtomicInteger();

		final AtomicBoolean running = new AtomicBoolean(true);

		final ExecutorService clients = Executors.newFixedThreadPool(4);

		Traffic(List<String> live, List<String> ended) {
			this.live = live;
			this.ended = ended;
		}

		void start() {
			for (int c = 0; c < 4; c++) {
				int client = c;
				clients.submit(() -> {
					int n = 0;
					while (running.get()) {
						Api api = replicas.get((client + n) % 2);
						n++;
						if (client == 3) {
							record(api.post("/api/v1/signup", Accounts.signup(Accounts.uniqueName("traffic"))), false);
						}
						else if (client == 2) {
							record(api.get("/api/v1/me", ended.get(n % ended.size())), true);
						}
						else {
							record(api.get("/api/v1/me", live.get(n % live.size())), false);
						}
					}
					return null;
				});
			}
		}

		void record(Api.Response response, boolean endedSession) {
			int status = response.status();
			statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
			if (status == 200 || status == 201) {
				ok.incrementAndGet();
			}
			if (status == 503) {
				unavailable.incrementAndGet();
				if (response.header("Retry-After") == null) {
					violations.add("503 without Retry-After: " + response.body());
				}
			}
			if (endedSession && status == 200) {
				violations.add("an ended session was accepted");
			}
			if (status >= 500 && status != 503) {
				violations.add(status + " " + response.body());
			}
		}

		void awaitMore(String what) {
			int before = ok.get();
			await(() -> ok.get() > before + 30, "successes " + what);
		}

		void await(BooleanSupplier condition, String what) {
			Await.until(condition, Duration.ofSeconds(60), what + "; statuses " + statuses);
		}

		void stop() throws InterruptedException {
			running.set(false);
			clients.shutdown();
			if (!clients.awaitTermination(60, TimeUnit.SECONDS)) {
				throw new AssertionError("clients did not stop");
			}
		}

	}

}
