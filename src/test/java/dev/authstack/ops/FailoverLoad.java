package dev.authstack.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Continuous traffic through nginx while servers fail under it: signups, logins, token
 * reads (own profile, someone's public profile), logouts, and retries of logged-out
 * tokens. Every request is recorded with its timing and outcome; each loop is paced and
 * bounded by {@link #stop()}. Nothing is retried: a request that fails is counted as
 * failed.
 */
final class FailoverLoad implements AutoCloseable {

	/** What each operation answers when all is well. */
	enum Op {

		SIGNUP(201), LOGIN(200), READ_ME(200), READ_USER(200), LOGOUT(204), REVOKED_TOKEN(401);

		final int expected;

		Op(int expected) {
			this.expected = expected;
		}

	}

	/**
	 * One request: when it ran, what came back (status -1: no HTTP answer, see
	 * {@code error}).
	 */
	record Sample(Op op, long startNanos, long endNanos, int status, String error, String requestId, boolean retryAfter,
			String contentType, String sessionId) {

		boolean failed() {
			return status != op.expected;
		}

		/** A logged-out token let through: the one outcome that is never acceptable. */
		boolean revokedAccepted() {
			return op == Op.REVOKED_TOKEN && status >= 200 && status < 300;
		}

		String outcome() {
			return status < 0 ? error : Integer.toString(status);
		}

	}

	record Login(String username, String token, String sessionId) {
	}

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final Queue<Sample> samples = new ConcurrentLinkedQueue<>();

	/** Usernames whose signup was answered 201: each must be stored exactly once. */
	final List<String> created = new CopyOnWriteArrayList<>();

	/** Logins answered 200: each one's session must be stored. */
	final List<Login> logins = new CopyOnWriteArrayList<>();

	/** Tokens in use by the readers; never logged out, so a 401 for one is a failure. */
	private final List<Login> live = Collections.synchronizedList(new ArrayList<>());

	/**
	 * Tokens the logout loop ends, each after one read; kept apart from the readers' own.
	 */
	private final Queue<Login> toLogOut = new ConcurrentLinkedQueue<>();

	/** Tokens whose logout was answered 204: never to be accepted again. */
	final List<Login> revoked = new CopyOnWriteArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong ids = new AtomicLong();

	private final List<Thread> threads = new ArrayList<>();

	FailoverLoad(String base) {
		this.base = base;
	}

	/** Seeds accounts and tokens (which must succeed), then starts the loops. */
	FailoverLoad start(int seedAccounts) {
		for (int i = 0; i < seedAccounts; i++) {
			String username = signup().orElseThrow(() -> new IllegalStateException("seed signup failed: " + samples));
			login(username).orElseThrow(() -> new IllegalStateException("seed login failed: " + samples));
		}
		loop("signup", Duration.ofMillis(150), () -> signup().ifPresent(name -> {
			if (ThreadLocalRandom.current().nextInt(3) == 0) {
				login(name);
			}
		}));
		loop("login", Duration.ofMillis(150), () -> login(pick(created)));
		loop("reader-1", Duration.ofMillis(20), this::read);
		loop("reader-2", Duration.ofMillis(20), this::read);
		loop("logout", Duration.ofMillis(400), this::logout);
		loop("revoked", Duration.ofMillis(50), () -> {
			if (!revoked.isEmpty()) {
				Login login = pick(revoked);
				send(Op.REVOKED_TOKEN, get("/api/v1/me", login.token()), login);
			}
		});
		return this;
	}

	/** Stops every loop and waits for the requests in flight. */
	void stop() {
		running.set(false);
		for (Thread thread : threads) {
			try {
				thread.join(TIMEOUT.toMillis() + 5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void close() {
		stop();
	}

	List<Sample> samples() {
		return List.copyOf(samples);
	}

	List<Sample> samples(Predicate<Sample> filter) {
		return samples.stream().filter(filter).toList();
	}

	/**
	 * The last time a request of this run failed, in nanoTime; {@code since} if none has
	 * since then.
	 */
	long lastFailureEnd(long since) {
		return samples.stream()
			.filter(s -> s.startNanos() >= since && s.failed())
			.mapToLong(Sample::endNanos)
			.max()
			.orElse(since);
	}

	/** Whether every write operation has succeeded at least once after {@code since}. */
	boolean writesSucceededAfter(long since) {
		return List.of(Op.SIGNUP, Op.LOGIN, Op.READ_ME, Op.LOGOUT)
			.stream()
			.allMatch(op -> samples.stream().anyMatch(s -> s.op() == op && s.startNanos() > since && !s.failed()));
	}

	private void read() {
		Login login;
		synchronized (live) {
			if (live.isEmpty()) {
				return;
			}
			login = live.get(ThreadLocalRandom.current().nextInt(live.size()));
		}
		if (ThreadLocalRandom.current().nextBoolean()) {
			send(Op.READ_ME, get("/api/v1/me", login.token()), login);
		}
		else {
			send(Op.READ_USER, get("/api/v1/users/" + pick(created), login.token()), login);
		}
	}

	private void logout() {
		Login login = toLogOut.poll();
		if (login == null) {
			return;
		}
		if (send(Op.READ_ME, get("/api/v1/me", login.token()), login).failed()) {
			return;
		}
		Sample sample = send(Op.LOGOUT,
				HttpRequest.newBuilder(uri("/api/v1/logout"))
					.header("Authorization", "Bearer " + login.token())
					.POST(HttpRequest.BodyPublishers.noBody()),
				login);
		if (sample.status() == 204) {
			revoked.add(login);
		}
		// any other answer: the session may or may not have ended; that token is not used
		// again
	}

	Optional<String> signup() {
		String username = Accounts.uniqueName("fo");
		Sample sample = send(Op.SIGNUP,
				HttpRequest.newBuilder(uri("/api/v1/signup"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(Api.toJson(Accounts.signup(username)))));
		if (sample.status() == 201) {
			created.add(username);
			return Optional.of(username);
		}
		return Optional.empty();
	}

	Optional<Login> login(String username) {
		return login(username, true);
	}

	/** {@code share}: hand the token to the readers or the logout loop (alternately). */
	Optional<Login> login(String username, boolean share) {
		String[] body = new String[1];
		Sample sample = send(Op.LOGIN,
				HttpRequest.newBuilder(uri("/api/v1/login"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers
						.ofString(Api.toJson(Map.of("username", username, "password", Accounts.PASSWORD)))),
				body, null);
		if (sample.status() != 200) {
			return Optional.empty();
		}
		String token = json.readTree(body[0]).get("access_token").asString();
		Login login = new Login(username, token, sessionId(token));
		logins.add(login);
		if (share) {
			if (live.size() < 10 || logins.size() % 2 == 0) {
				live.add(login);
			}
			else {
				toLogOut.add(login);
			}
		}
		return Optional.of(login);
	}

	/**
	 * The session a token belongs to ({@code sid}), read from its payload: the test's own
	 * check.
	 */
	static String sessionId(String token) {
		String payload = token.split("\\.")[1];
		JsonNode claims = json.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
		return claims.get("sid").asString();
	}

	HttpRequest.Builder get(String path, String token) {
		return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET();
	}

	Sample send(Op op, HttpRequest.Builder request) {
		return send(op, request, null, null);
	}

	/** {@code login}: the session whose token the request carries, for the report. */
	Sample send(Op op, HttpRequest.Builder request, Login login) {
		return send(op, request, null, login == null ? null : login.sessionId());
	}

	private Sample send(Op op, HttpRequest.Builder request, String[] body, String sessionId) {
		String requestId = "fo-" + op.name().toLowerCase() + "-" + ids.incrementAndGet();
		long start = System.nanoTime();
		Sample sample;
		try {
			HttpResponse<String> response = client.send(
					request.timeout(TIMEOUT).header("X-Request-ID", requestId).build(),
					HttpResponse.BodyHandlers.ofString());
			if (body != null) {
				body[0] = response.body();
			}
			sample = new Sample(op, start, System.nanoTime(), response.statusCode(), null, requestId,
					response.headers().firstValue("Retry-After").filter(v -> !v.isBlank()).isPresent(),
					response.headers().firstValue("Content-Type").orElse(""), sessionId);
		}
		catch (HttpTimeoutException ex) {
			sample = new Sample(op, start, System.nanoTime(), -1, "timeout", requestId, false, "", sessionId);
		}
		catch (IOException ex) {
			sample = new Sample(op, start, System.nanoTime(), -1, ex.getClass().getSimpleName(), requestId, false, "",
					sessionId);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			sample = new Sample(op, start, System.nanoTime(), -1, "interrupted", requestId, false, "", sessionId);
		}
		samples.add(sample);
		return sample;
	}

	private URI uri(String path) {
		return URI.create(base + path);
	}

	private void loop(String name, Duration pace, Runnable step) {
		Thread thread = new Thread(() -> {
			while (running.get()) {
				long start = System.nanoTime();
				step.run();
				long rest = pace.toNanos() - (System.nanoTime() - start);
				if (rest > 0 && running.get()) {
					try {
						Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}
		}, "failover-load-" + name);
		thread.setDaemon(true);
		thread.start();
		threads.add(thread);
	}

	private static <T> T pick(List<T> items) {
		return items.get(ThreadLocalRandom.current().nextInt(items.size()));
	}

	/**
	 * The figures of one failover: requests started from {@code from} until {@code to}.
	 */
	record Window(String name, long killNanos, long from, long to, List<Sample> samples) {

		static Window of(String name, long killNanos, long to, List<Sample> all) {
			return new Window(name, killNanos, killNanos, to,
					all.stream().filter(s -> s.startNanos() >= killNanos && s.startNanos() < to).toList());
		}

		List<Sample> failures() {
			return samples.stream().filter(Sample::failed).toList();
		}

		/** First failed request's start to the last one's end, ms; 0 when none failed. */
		long errorWindowMillis() {
			List<Sample> failures = failures();
			if (failures.isEmpty()) {
				return 0;
			}
			long first = failures.stream().mapToLong(Sample::startNanos).min().orElseThrow();
			long last = failures.stream().mapToLong(Sample::endNanos).max().orElseThrow();
			return (last - first) / 1_000_000;
		}

		/**
		 * The kill to the end of the last failed request, after which all succeeded, ms.
		 */
		long recoveryMillis() {
			return (failures().stream().mapToLong(Sample::endNanos).max().orElse(killNanos) - killNanos) / 1_000_000;
		}

		String summary() {
			StringBuilder out = new StringBuilder();
			out.append(String.format(
					"%s: error window %d ms, recovery %d ms after the kill, %d failed of %d requests "
							+ "(%.1f s observed)%n",
					name, errorWindowMillis(), recoveryMillis(), failures().size(), samples.size(), (to - from) / 1e9));
			for (Op op : Op.values()) {
				List<Sample> ofOp = samples.stream().filter(s -> s.op() == op).toList();
				Map<String, Long> outcomes = ofOp.stream()
					.collect(Collectors.groupingBy(Sample::outcome, TreeMap::new, Collectors.counting()));
				long failed = ofOp.stream().filter(Sample::failed).count();
				out.append(String.format("  %-13s %4d failed of %5d  %s%n", op, failed, ofOp.size(), outcomes));
			}
			return out.toString();
		}

	}

}
