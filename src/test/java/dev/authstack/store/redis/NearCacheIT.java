package dev.authstack.store.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import dev.authstack.store.Invalidations;
import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.Await;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import dev.authstack.support.RedisServer;
import dev.authstack.support.Replicas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AUTH_NEAR_CACHE_ENABLED: each replica remembers session states and accounts locally. A
 * change holds at once on the replica that made it and on the other as soon as it hears
 * of it; a replica that may have missed a message (its subscription killed, Redis frozen)
 * stops trusting what it remembers. Reads served from memory send no command to Redis.
 */
@ExtendWith(PostgresExtension.class)
class NearCacheIT {

	/**
	 * Far above the loopback delivery time (about a millisecond), far below a human's
	 * retry.
	 */
	static final long PROPAGATION_MS = 1000;

	static RedisServer redis;

	static Replicas service;

	static Api one;

	static Api two;

	@BeforeAll
	static void start() {
		redis = RedisServer.startNew();
		String database = PostgresServer.createDatabase("nearcache");
		String[] args = { "--auth.db.url=" + database, "--auth.db.username=" + PostgresServer.username(),
				"--auth.redis.url=" + redis.url(), "--auth.near-cache.enabled=true",
				"--auth.bootstrap-admin.username=near-admin", "--auth.bootstrap-admin.password=near admin password" };
		service = new Replicas(2, args);
		one = service.api(0);
		two = service.api(1);
		awaitLive(service.app(0));
		awaitLive(service.app(1));
	}

	@AfterAll
	static void stop() {
		if (service != null) {
			service.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void readsServedFromMemorySendNothingToRedis() {
		String token = two.signupAndLogin(Accounts.uniqueName("nearhit"), Accounts.PASSWORD);
		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(200);
		long before = redisReads();
		for (int i = 0; i < 50; i++) {
			assertThat(two.get("/api/v1/me", token).status()).isEqualTo(200);
		}
		// the heartbeats are PUBLISHes; GETs would be the session and account lookups
		assertThat(redisReads() - before).isLessThan(5);
	}

	@Test
	void aLogoutHoldsAtOnceHereAndWithinTheBoundThere() {
		String token = one.signupAndLogin(Accounts.uniqueName("nearout"), Accounts.PASSWORD);
		assertThat(one.get("/api/v1/me", token).status()).isEqualTo(200);
		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(200);

		assertThat(one.logout(token)).isEqualTo(204);
		assertThat(one.get("/api/v1/me", token).status()).isEqualTo(401);
		assertRefusedWithin(() -> two.get("/api/v1/me", token).status(), 401, PROPAGATION_MS);
	}

	@Test
	void aDemotionHoldsOnTheOtherReplicaWithinTheBound() {
		String username = Accounts.uniqueName("neardemote");
		String root = one.login("near-admin", "near admin password");
		assertThat(one.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
		assertThat(patch(one, root, username, "{\"roles\":[\"admin\"]}")).isEqualTo(200);
		String token = two.login(username, Accounts.PASSWORD);
		assertThat(two.get("/api/v1/admin/users", token).status()).isEqualTo(200);

		assertThat(patch(one, root, username, "{\"roles\":[\"user\"]}")).isEqualTo(200);
		assertThat(one.get("/api/v1/admin/users", token).status()).isEqualTo(403);
		assertRefusedWithin(() -> two.get("/api/v1/admin/users", token).status(), 403, PROPAGATION_MS);
	}

	@Test
	void aProfileChangeShowsOnTheOtherReplicaWithinTheBound() {
		String token = one.signupAndLogin(Accounts.uniqueName("nearprofile"), Accounts.PASSWORD);
		assertThat(two.get("/api/v1/me", token).json().get("first_name").isNull()).isTrue();

		Api.Response patched = one.send("PATCH", "/api/v1/me", token, "{\"first_name\":\"Changed\"}");
		assertThat(patched.status()).isEqualTo(200);
		assertThat(one.get("/api/v1/me", token).json().get("first_name").asString()).isEqualTo("Changed");
		assertRefusedWithin(
				() -> "Changed".equals(two.get("/api/v1/me", token).json().get("first_name").asString()) ? 1 : 0, 1,
				PROPAGATION_MS);
	}

	@Test
	void aReplicaWhoseSubscriptionWasKilledDoesNotServeWhatItMissed() {
		String token = one.signupAndLogin(Accounts.uniqueName("nearkilled"), Accounts.PASSWORD);
		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(200);

		// both replicas' subscriptions drop: the logout's message reaches nobody
		redis.command("CLIENT", "KILL", "TYPE", "pubsub");
		assertThat(one.logout(token)).isEqualTo(204);

		assertRefusedWithin(() -> two.get("/api/v1/me", token).status(), 401, PROPAGATION_MS);
		awaitLive(service.app(1));
		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(401);
	}

	@Test
	void aFrozenRedisSwitchesNearCachesOffWithinFourHeartbeats() {
		String token = one.signupAndLogin(Accounts.uniqueName("nearfrozen"), Accounts.PASSWORD);
		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(200);

		redis.pause();
		try {
			assertThat(one.logout(token)).isEqualTo(204);
			// four heartbeats (2 s) plus Redis command timeouts on the way to PostgreSQL
			assertRefusedWithin(() -> two.get("/api/v1/me", token).status(), 401, 3000);
		}
		finally {
			redis.resume();
		}
		awaitLive(service.app(1));
		assertThat(two.get("/api/v1/me", token).status()).isEqualTo(401);
		assertThat(one.get("/api/v1/me", token).status()).isEqualTo(401);
	}

	private static void assertRefusedWithin(IntSupplier status, int expected, long millis) {
		long start = System.nanoTime();
		long deadline = start + TimeUnit.MILLISECONDS.toNanos(millis);
		int last;
		do {
			last = status.getAsInt();
			if (last == expected) {
				return;
			}
		}
		while (System.nanoTime() < deadline);
		throw new AssertionError("still " + last + " after " + millis + " ms, expected " + expected);
	}

	/** Until the replica trusts its subscription (its own heartbeat came back). */
	private static void awaitLive(ConfigurableApplicationContext app) {
		Invalidations invalidations = app.getBean(Invalidations.class);
		Await.until(invalidations::live, Duration.ofSeconds(20), "the replica hears its own heartbeat");
	}

	private static long redisReads() {
		String stats = String.valueOf(redis.command("INFO", "commandstats"));
		long reads = 0;
		for (String line : stats.split("\r?\n")) {
			if (line.startsWith("cmdstat_get:") || line.startsWith("cmdstat_exists:")) {
				reads += Long.parseLong(line.replaceAll(".*calls=(\\d+).*", "$1"));
			}
		}
		return reads;
	}

	private static int patch(Api api, String token, String username, String json) {
		return api.send("PATCH", "/api/v1/admin/users/" + username, token, json).status();
	}

}
