package dev.authstack.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.Await;
import dev.authstack.support.Instances;
import dev.authstack.support.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One replica's writes fail while the other still reads Redis (seen in FailoverIT under
 * load: a write timed out on one replica only, during a PostgreSQL failover). The failed
 * copy is written again from memory as soon as Redis takes it, so the other replica
 * refuses the ended session then, even while PostgreSQL (which a full re-write needs) is
 * down. Until then the other replica learns of the change from PostgreSQL, which every
 * replica reads for recent changes (seen in FailoverIT: a replica whose Redis breaker was
 * still open after a failover logged a token out, and the other accepted it 0.5 s later).
 * The two replicas use different Redis users, so one can be denied writes alone.
 */
class UnwrittenCopiesIT {

	static Path pgDir;

	static EmbeddedPostgres postgres;

	static int pgPort;

	static RedisServer redis;

	static ConfigurableApplicationContext writer;

	static ConfigurableApplicationContext reader;

	/** A reader whose change poll ran once at its start: it learns only from Redis. */
	static ConfigurableApplicationContext unpolled;

	static Api one;

	static Api two;

	static Api three;

	@BeforeAll
	static void start() throws IOException {
		pgDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "unwritten-pg-");
		postgres = EmbeddedPostgres.builder().setDataDirectory(pgDir).setCleanDataDirectory(false).start();
		pgPort = postgres.getPort();
		redis = RedisServer.startNew();
		redis.command("ACL", "SETUSER", "replica-a", "on", ">replica a password", "~*", "&*", "+@all");
		redis.command("ACL", "SETUSER", "replica-b", "on", ">replica b password", "~*", "&*", "+@all");
		String db = "--auth.db.url=" + postgres.getJdbcUrl("postgres", "postgres");
		String user = "--auth.db.username=postgres";
		writer = Instances.start(db, user,
				"--auth.redis.url=redis://replica-a:replica%20a%20password@127.0.0.1:" + redis.port());
		reader = Instances.start(db, user,
				"--auth.redis.url=redis://replica-b:replica%20b%20password@127.0.0.1:" + redis.port());
		unpolled = Instances.start(db, user, "--auth.session.change-poll-interval=1h",
				"--auth.redis.url=redis://replica-b:replica%20b%20password@127.0.0.1:" + redis.port());
		one = new Api(Instances.port(writer));
		two = new Api(Instances.port(reader));
		three = new Api(Instances.port(unpolled));
	}

	@AfterAll
	static void stop() throws IOException {
		for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] { unpolled, reader, writer }) {
			if (app != null) {
				app.close();
			}
		}
		if (redis != null) {
			redis.close();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	void aCopyThatCouldNotBeWrittenIsWrittenOnceRedisTakesIt() throws IOException {
		String token = one.signupAndLogin(Accounts.uniqueName("unwritten"), Accounts.PASSWORD);
		assertThat(three.get("/api/v1/me", token).status()).isEqualTo(200);

		// replica A may read but no longer write: its logout's copy cannot be written
		redis.command("ACL", "SETUSER", "replica-a", "-@write", "-@scripting");
		try {
			assertThat(one.logout(token)).isEqualTo(204);
			assertThat(one.get("/api/v1/me", token).status()).isEqualTo(401);
			// and now PostgreSQL goes away too, as in a failover
			postgres.close();
			// this reader polls no changes (and could not now): only the replay can tell
			// it
			assertThat(three.get("/api/v1/me", token).status()).as("before the replay").isEqualTo(200);
		}
		finally {
			redis.command("ACL", "SETUSER", "replica-a", "+@all");
		}
		try {
			Await.until(() -> three.get("/api/v1/me", token).status() == 401, Duration.ofSeconds(10),
					"the other replica refuses the ended session once the copy is written again");
		}
		finally {
			postgres = EmbeddedPostgres.builder()
				.setDataDirectory(pgDir)
				.setCleanDataDirectory(false)
				.setPort(pgPort)
				.start();
		}
		Await.until(() -> one.get("/api/v1/me", token).status() == 401 && two.get("/api/v1/me", token).status() == 401,
				Duration.ofSeconds(30), "both replicas refuse it with PostgreSQL back");
	}

	@Test
	void theOtherReplicaRefusesAnEndedSessionWhileItsCopyStillCannotBeWritten() {
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String token = one.signupAndLogin(Accounts.uniqueName("partitioned"), Accounts.PASSWORD);
			// the other replica remembers each as alive, in Redis (and its near cache,
			// when on)
			assertThat(two.get("/api/v1/me", token).status()).isEqualTo(200);
			assertThat(two.get("/api/v1/me", token).status()).isEqualTo(200);
			tokens.add(token);
		}
		// replica A is cut off from writing to Redis for the whole test; B still reads it
		redis.command("ACL", "SETUSER", "replica-a", "-@write", "-@scripting");
		List<Long> lags = new ArrayList<>();
		double repairedBefore = repaired(reader);
		try {
			for (String token : tokens) {
				assertThat(one.logout(token)).isEqualTo(204);
				long loggedOut = System.nanoTime();
				assertThat(one.get("/api/v1/me", token).status()).as("the replica that logged it out").isEqualTo(401);
				Await.until(() -> two.get("/api/v1/me", token).status() == 401, Duration.ofSeconds(5),
						"the other replica refuses a session ended where Redis takes no writes");
				lags.add((System.nanoTime() - loggedOut) / 1_000_000);
			}
		}
		finally {
			redis.command("ACL", "SETUSER", "replica-a", "+@all");
		}
		System.out.println("UnwrittenCopiesIT: logout on a replica that cannot write to Redis, refused by the other "
				+ "replica after (ms): " + lags);
		// the README's bound: the next change poll (1 s), with room for a loaded machine
		assertThat(lags).allSatisfy(lag -> assertThat(lag).isLessThan(3_000));
		assertThat(repaired(reader) - repairedBefore).as("copies the other replica's poll wrote").isEqualTo(5);
	}

	private static double repaired(ConfigurableApplicationContext app) {
		return app.getBean(MeterRegistry.class).counter("authstack.session.copies.repaired").count();
	}

}
