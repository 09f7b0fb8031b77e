package dev.authstack.ops;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.authstack.AuthApplication;
import dev.authstack.ops.FailoverLoad.Login;
import dev.authstack.ops.FailoverLoad.Op;
import dev.authstack.ops.FailoverLoad.Sample;
import dev.authstack.ops.FailoverLoad.Window;
import dev.authstack.support.Api;
import dev.authstack.support.EtcdServer;
import dev.authstack.support.NginxServer;
import dev.authstack.support.PatroniCluster;
import dev.authstack.support.Processes;
import dev.authstack.support.SentinelCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failover under load, every part a real process on loopback: etcd, three PostgreSQL
 * nodes under Patroni with synchronous replication, three redis-server and three
 * redis-sentinel, two replicas of the service (in this JVM, as TwoInstancesIT) behind
 * nginx with the project's templates. While signups, logins, token reads and logouts run
 * without pause, the PostgreSQL primary is killed (Patroni and PostgreSQL, SIGKILL), then
 * the Redis master. Per failover it prints the error window, the recovery time and the
 * failed requests out of all (also into target/failover-report.txt), then checks: every
 * signup answered 201 stored exactly once, every login answered 200 kept its session, no
 * logged-out token accepted beyond the bound every replica keeps (one whose mark the
 * promoted Redis replica lacks included), no 500, every 503 with Retry-After.
 */
class FailoverIT {

	/** Patroni's leader key lifetime: the floor of a PostgreSQL failover's length. */
	static final int PATRONI_TTL_SECONDS = 10;

	/**
	 * The longest a logged-out token may still be accepted: on the replica that logged it
	 * out never, on the others not after the next change poll (1 s) even when that
	 * replica could not tell Redis (seen here: its breaker still open after the Redis
	 * failover). Three times the interval, for a loaded machine.
	 */
	static final Duration REVOCATION_BOUND = Duration.ofSeconds(3);

	/** How long every request must have succeeded before a failover counts as over. */
	static final Duration QUIET = Duration.ofSeconds(5);

	static EtcdServer etcd;

	static PatroniCluster postgres;

	static SentinelCluster redis;

	static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

	static NginxServer nginx;

	static final ErrorLog errors = new ErrorLog();

	static long redisFollowedMillis;

	static final String appPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

	@BeforeAll
	@Timeout(value = 4, unit = TimeUnit.MINUTES)
	static void startEverything() {
		etcd = EtcdServer.start();
		postgres = PatroniCluster.start(etcd, 3, PATRONI_TTL_SECONDS);
		// the database as the compose stack makes it: role auth, owning database auth
		postgres.psql(Path.of("config/postgres_init.sql"), Map.of("app_password", appPassword));
		redis = SentinelCluster.start();
		replicas.add(replica());
		replicas.add(replica());
		nginx = NginxServer.proxying(port(replicas.get(0)))
			.alsoUpstream(port(replicas.get(1)))
			.api("10000r/s", 10000)
			.login("10000r/s", 10000)
			.start();
		errors.attach();
	}

	@AfterAll
	static void stopEverything() {
		errors.detach();
		if (nginx != null) {
			nginx.close();
		}
		for (ConfigurableApplicationContext replica : replicas) {
			replica.close();
		}
		for (AutoCloseable server : new AutoCloseable[] { redis, postgres, etcd }) {
			try {
				if (server != null) {
					server.close();
				}
			}
			catch (Exception ex) {
				// stopping the rest matters more
			}
		}
	}

	@Test
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	void survivesThePostgresPrimaryAndTheRedisMasterDyingUnderLoad() throws Exception {
		FailoverLoad load = new FailoverLoad(nginx.baseUrl()).start(20);
		List<Window> windows = new ArrayList<>();
		Login markLost;
		try {
			awaitQuiet(load, System.nanoTime(), Duration.ofSeconds(30));

			// PostgreSQL: kill the primary; only the synchronous standby may take over
			PatroniCluster.Node primary = postgres.leader();
			String syncStandby = postgres.members()
				.stream()
				.filter(m -> m.role().equals("sync_standby"))
				.findFirst()
				.orElseThrow()
				.name();
			long pgKill = System.nanoTime();
			postgres.crash(primary);
			Processes.await("a new PostgreSQL primary", Duration.ofSeconds(60),
					() -> postgres.primary().filter(p -> p != primary).isPresent());
			assertThat(postgres.leader().name()).as("promoted node").isEqualTo(syncStandby);
			long pgQuiet = awaitQuiet(load, pgKill, Duration.ofSeconds(90));
			windows.add(Window.of("PostgreSQL primary " + primary.name() + " killed, " + syncStandby + " promoted",
					pgKill, pgQuiet, load.samples()));
			postgres.awaitHealthy(Duration.ofSeconds(60));

			// Redis: a logged-out token whose mark no replica has, as if replication
			// lagged
			markLost = load.login(load.created.get(0), false).orElseThrow();
			assertThat(load.send(Op.LOGOUT, logout(markLost)).status()).isEqualTo(204);
			for (int replica : redis.replicaPorts()) {
				redis.command(replica, "CONFIG", "SET", "replica-read-only", "no");
				redis.command(replica, "FLUSHALL");
				redis.command(replica, "CONFIG", "SET", "replica-read-only", "yes");
			}
			assertThat(load.send(Op.REVOKED_TOKEN, load.get("/api/v1/me", markLost.token())).status()).isEqualTo(401);
			int oldMaster = redis.masterPort();
			long redisKill = System.nanoTime();
			redis.killMaster();
			Processes.await("Sentinel promoting a replica", Duration.ofSeconds(30), () -> {
				try {
					return redis.masterPort() != oldMaster;
				}
				catch (RuntimeException ex) {
					return false;
				}
			});
			// both replicas on the promoted master, without a restart: their connections
			// are named
			int newMaster = redis.masterPort();
			Processes.await("both replicas connected to the promoted master :" + newMaster, Duration.ofSeconds(30),
					() -> authstackClients(newMaster) >= replicas.size());
			redisFollowedMillis = (System.nanoTime() - redisKill) / 1_000_000;
			long redisQuiet = awaitQuiet(load, redisKill, Duration.ofSeconds(60));
			windows.add(Window.of("Redis master :" + oldMaster + " killed, :" + newMaster + " promoted (replicas on it "
					+ redisFollowedMillis + " ms after the kill)", redisKill, redisQuiet, load.samples()));
			for (ConfigurableApplicationContext replica : replicas) {
				assertThat(new Api(port(replica)).get("/api/v1/health")
					.json()
					.get("components")
					.get("redis")
					.get("status")
					.asString()).isEqualTo("UP");
			}
		}
		finally {
			load.stop();
		}

		List<Sample> all = load.samples();
		String report = report(windows, all, load) + acceptedAfterLogout(all, windows);
		System.out.println(report);
		Files.writeString(Path.of("target/failover-report.txt"), report);

		// nothing committed is lost, nothing revoked comes back
		assertThat(storedCounts(load.created)).as("rows per username answered 201")
			.hasSize(load.created.size())
			.allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1));
		assertThat(missingSessions(load.logins)).as("sessions of logins answered 200, missing from PostgreSQL")
			.isEmpty();
		assertThat(acceptedLate(all))
			.as("logged-out tokens accepted later than " + REVOCATION_BOUND.toMillis()
					+ " ms after their logout answered 204")
			.isEmpty();
		for (ConfigurableApplicationContext replica : replicas) {
			Api direct = new Api(port(replica));
			assertThat(direct.get("/api/v1/me", markLost.token()).status())
				.as("token whose mark the promoted replica lacked")
				.isEqualTo(401);
			for (Login login : load.revoked) {
				assertThat(direct.get("/api/v1/me", login.token()).status()).as("logged-out " + login.username())
					.isEqualTo(401);
			}
		}
		assertThat(windows).allSatisfy(window -> assertThat(window.samples()).isNotEmpty());
		// the faults are the servers', so the answer is 503 + Retry-After, never 500
		assertThat(all.stream().filter(s -> s.status() >= 500 && s.status() != 503).toList()).as("5xx other than 503")
			.isEmpty();
		assertThat(all.stream().filter(s -> s.status() == 503 && !s.retryAfter()).toList())
			.as("503 without Retry-After")
			.isEmpty();
	}

	/**
	 * Waits until every request started in the last {@link #QUIET} succeeded and each
	 * write has succeeded since the last failure; the nanoTime of the last failure's end
	 * (or {@code since}).
	 */
	private static long awaitQuiet(FailoverLoad load, long since, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long lastFailure = load.lastFailureEnd(since);
			long now = System.nanoTime();
			if (now - lastFailure >= QUIET.toNanos() && load.writesSucceededAfter(lastFailure)) {
				return now;
			}
			if (now > deadline) {
				throw new AssertionError("requests still failing " + timeout.toSeconds() + " s later:\n"
						+ Window.of("unrecovered", since, now, load.samples()).summary()
						+ describe(load.samples(s -> s.startNanos() >= since && s.failed()), 20));
			}
			Processes.pause(Duration.ofMillis(100));
		}
	}

	/** Connections named by the service (Lettuce's client name) on a Redis server. */
	private static long authstackClients(int port) {
		try {
			String clients = (String) redis.command(port, "CLIENT", "LIST");
			return clients.lines().filter(line -> line.contains(" name=authstack ")).count();
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	private static HttpRequest.Builder logout(Login login) {
		return HttpRequest.newBuilder(URI.create(nginx.baseUrl() + "/api/v1/logout"))
			.header("Authorization", "Bearer " + login.token())
			.POST(HttpRequest.BodyPublishers.noBody());
	}

	private static String report(List<Window> windows, List<Sample> all, FailoverLoad load) {
		StringBuilder out = new StringBuilder("Failover under load (FailoverIT)\n");
		out.append(String.format(
				"%d requests in all, %d failed; %d signups answered 201, %d logins 200, "
						+ "%d tokens logged out and retried %d times%n",
				all.size(), all.stream().filter(Sample::failed).count(), load.created.size(), load.logins.size(),
				load.revoked.size(), all.stream().filter(s -> s.op() == Op.REVOKED_TOKEN).count()));
		for (Window window : windows) {
			out.append(window.summary());
			out.append(describe(window.failures(), 12));
		}
		return out.toString();
	}

	/**
	 * The first failures, one line per kind, each with the server's logged error for that
	 * request.
	 */
	private static String describe(List<Sample> failures, int limit) {
		Map<String, List<Sample>> byKind = new LinkedHashMap<>();
		for (Sample sample : failures) {
			byKind.computeIfAbsent(sample.op() + " -> " + sample.outcome(), key -> new ArrayList<>()).add(sample);
		}
		StringBuilder out = new StringBuilder();
		byKind.entrySet().stream().limit(limit).forEach(entry -> {
			Sample first = entry.getValue().get(0);
			out.append(String.format("    %s x%d, e.g. %s (%s, %d ms): %s%n", entry.getKey(), entry.getValue().size(),
					first.requestId(), first.contentType(), (first.endNanos() - first.startNanos()) / 1_000_000,
					errors.forRequest(first.requestId())));
		});
		return out.toString();
	}

	/**
	 * For each logged-out token that was let through: when its logout ran, when it was
	 * accepted, and what PostgreSQL holds for its session now. A diagnosis for the
	 * report; the assertion is elsewhere.
	 */
	private static String acceptedAfterLogout(List<Sample> all, List<Window> windows) throws SQLException {
		List<Sample> accepted = all.stream().filter(Sample::revokedAccepted).toList();
		if (accepted.isEmpty()) {
			return "";
		}
		long origin = windows.isEmpty() ? 0 : windows.get(0).killNanos();
		StringBuilder out = new StringBuilder("Logged-out tokens accepted (times in ms from the PostgreSQL kill):\n");
		try (Connection connection = postgres.superuser("auth");
				PreparedStatement query = connection.prepareStatement(
						"SELECT revoked_at, revoked_reason, created_at FROM sessions WHERE id = ?::uuid")) {
			for (Sample sample : accepted) {
				String logouts = logoutsOf(all, sample)
					.map(s -> s.requestId() + " " + s.outcome() + " at " + (s.startNanos() - origin) / 1_000_000 + ".."
							+ (s.endNanos() - origin) / 1_000_000)
					.collect(Collectors.joining(", "));
				query.setString(1, sample.sessionId());
				String row;
				try (ResultSet rows = query.executeQuery()) {
					row = rows.next() ? "revoked_at=" + rows.getTimestamp(1) + " reason=" + rows.getString(2)
							+ " created_at=" + rows.getTimestamp(3) : "no row";
				}
				out.append(String.format("  %s 200 at %d..%d ms, session %s; logout %s; in PostgreSQL now: %s%n",
						sample.requestId(), (sample.startNanos() - origin) / 1_000_000,
						(sample.endNanos() - origin) / 1_000_000, sample.sessionId(), logouts, row));
			}
		}
		return out.toString();
	}

	/**
	 * Logged-out tokens accepted more than {@link #REVOCATION_BOUND} after their logout
	 * answered 204 (or with no such logout on record).
	 */
	private static List<String> acceptedLate(List<Sample> all) {
		List<String> late = new ArrayList<>();
		for (Sample accepted : all.stream().filter(Sample::revokedAccepted).toList()) {
			OptionalLong loggedOut = logoutsOf(all, accepted).filter(s -> s.status() == 204)
				.mapToLong(Sample::endNanos)
				.min();
			if (loggedOut.isEmpty()) {
				late.add(accepted.requestId() + " (no logout answered 204 on record)");
				continue;
			}
			long lagMillis = (accepted.startNanos() - loggedOut.getAsLong()) / 1_000_000;
			if (lagMillis > REVOCATION_BOUND.toMillis()) {
				late.add(accepted.requestId() + " (" + lagMillis + " ms after the logout)");
			}
		}
		return late;
	}

	/** The logouts sent for the session of {@code sample}'s token. */
	private static Stream<Sample> logoutsOf(List<Sample> all, Sample sample) {
		return all.stream().filter(s -> s.op() == Op.LOGOUT && sample.sessionId().equals(s.sessionId()));
	}

	private static Map<String, Integer> storedCounts(List<String> usernames) throws SQLException {
		Map<String, Integer> counts = new HashMap<>();
		try (Connection connection = postgres.superuser("auth");
				PreparedStatement query = connection.prepareStatement(
						"SELECT lower(username), count(*) FROM accounts WHERE lower(username) = ANY (?) GROUP BY 1")) {
			Array names = connection.createArrayOf("text",
					usernames.stream().map(String::toLowerCase).toArray(String[]::new));
			query.setArray(1, names);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					counts.put(rows.getString(1), rows.getInt(2));
				}
			}
		}
		return counts;
	}

	private static List<String> missingSessions(List<Login> logins) throws SQLException {
		List<String> ids = logins.stream().map(Login::sessionId).toList();
		List<String> found = new ArrayList<>();
		try (Connection connection = postgres.superuser("auth");
				PreparedStatement query = connection
					.prepareStatement("SELECT id::text FROM sessions WHERE id = ANY (?::uuid[])")) {
			query.setArray(1, connection.createArrayOf("text", ids.toArray(String[]::new)));
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					found.add(rows.getString(1));
				}
			}
		}
		return ids.stream().filter(id -> !found.contains(id)).toList();
	}

	private static ConfigurableApplicationContext replica() {
		return new SpringApplicationBuilder(AuthApplication.class).profiles("test")
			.run("--server.port=0", "--management.server.port=0", "--auth.db.url=" + postgres.jdbcUrl("auth"),
					"--auth.db.username=auth", "--auth.db.password=" + appPassword, "--auth.redis.url=" + redis.url(),
					"--auth.redis.sentinel-password=" + redis.sentinelPassword());
	}

	private static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

	/**
	 * The services' WARN and ERROR log events, by request id: what a failed request met
	 * inside. Attached after the replicas started, since each start resets Logback.
	 */
	static final class ErrorLog extends AppenderBase<ILoggingEvent> {

		private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

		void attach() {
			LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
			setContext(context);
			start();
			context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(this);
		}

		void detach() {
			LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
			context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
			stop();
		}

		@Override
		protected void append(ILoggingEvent event) {
			if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
				event.prepareForDeferredProcessing();
				events.add(event);
			}
		}

		String forRequest(String requestId) {
			List<String> lines = events.stream()
				.filter(event -> requestId.equals(event.getMDCPropertyMap().get("request_id")))
				.map(ErrorLog::describe)
				.distinct()
				.toList();
			return lines.isEmpty() ? "(nothing logged for it)" : String.join(" | ", lines);
		}

		private static String describe(ILoggingEvent event) {
			StringBuilder line = new StringBuilder(
					event.getLevel() + " " + event.getLoggerName().substring(event.getLoggerName().lastIndexOf('.') + 1)
							+ ": " + event.getFormattedMessage());
			List<String> causes = new ArrayList<>();
			for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
				causes.add(cause.getClassName().substring(cause.getClassName().lastIndexOf('.') + 1) + ": "
						+ String.valueOf(cause.getMessage()).lines().findFirst().orElse(""));
			}
			if (!causes.isEmpty()) {
				line.append(" [").append(causes.stream().collect(Collectors.joining(" <- "))).append("]");
			}
			return line.toString();
		}

	}

}
