import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How soon a logout holds on the replica that did it and on another one. For each session of
 * TOKENS (lines "username access_token refresh_token"): GET /api/v1/me on both replicas (200,
 * so a near cache holds the session), POST /api/v1/logout on one of them, then at once GET
 * /api/v1/me on the other replica over and over until it is refused (a 200 there is a stale
 * answer), then GET /api/v1/me on the replica that logged out (its next request for the session:
 * it must be refused, revocation is immediate where it happened). The sessions alternate which
 * replica logs out. Run by bench/run:
 *
 * <pre>java bench/Revocation.java URL_A URL_B TOKENS DEADLINE_SECONDS</pre>
 *
 * Prints one JSON object. Times are from the moment the logout's answer arrived: "refused_ms"
 * is when the other replica's first refused request was sent (a few microseconds when its very
 * first request was refused: an upper bound of the stale window), "last_stale_ms" when its last
 * 200 arrived.
 */
public class Revocation {

	public static void main(String[] args) throws Exception {
		URI[] replicas = { URI.create(args[0]), URI.create(args[1]) };
		List<String> tokens = Files.readAllLines(Path.of(args[2]))
			.stream()
			.filter((line) -> !line.isBlank())
			.map((line) -> line.split(" ")[1])
			.toList();
		long deadlineNanos = Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		Map<Integer, Integer> logoutStatuses = new TreeMap<>();
		int notReady = 0;
		int revokingRefused = 0;
		int otherRefusedAtOnce = 0;
		int otherNeverRefused = 0;
		int sessionsWithStale = 0;
		long staleAnswers = 0;
		List<Double> refusedMs = new ArrayList<>();
		List<Double> lastStaleMs = new ArrayList<>();
		for (int i = 0; i < tokens.size(); i++) {
			String token = tokens.get(i);
			URI revoking = replicas[i % 2];
			URI other = replicas[(i + 1) % 2];
			if (me(http, other, token) != 200 || me(http, revoking, token) != 200) {
				notReady++;
				continue;
			}
			int logout = send(http, HttpRequest.newBuilder(revoking.resolve("/api/v1/logout"))
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.noBody()));
			long done = System.nanoTime();
			logoutStatuses.merge(logout, 1, Integer::sum);
			if (logout / 100 != 2) {
				continue;
			}
			int stale = 0;
			long lastStale = -1;
			long refused = -1;
			while (System.nanoTime() - done < deadlineNanos) {
				long sent = System.nanoTime();
				int status = me(http, other, token);
				if (status == 401) {
					refused = sent;
					break;
				}
				if (status == 200) {
					stale++;
					lastStale = System.nanoTime();
				}
			}
			// its next request, which comes after the other replica's answers (they are timed)
			if (me(http, revoking, token) == 401) {
				revokingRefused++;
			}
			staleAnswers += stale;
			if (stale > 0) {
				sessionsWithStale++;
				lastStaleMs.add((lastStale - done) / 1e6);
			}
			if (refused < 0) {
				otherNeverRefused++;
				continue;
			}
			if (stale == 0) {
				otherRefusedAtOnce++;
			}
			refusedMs.add((refused - done) / 1e6);
		}
		int loggedOut = logoutStatuses.entrySet()
			.stream()
			.filter((e) -> e.getKey() / 100 == 2)
			.mapToInt(Map.Entry::getValue)
			.sum();
		System.out.printf(Locale.ROOT,
				"{\"sessions\":%d,\"not_ready\":%d,\"logout_statuses\":%s,\"logged_out\":%d,"
						+ "\"revoking_replica_refused_next\":%d,\"other_replica\":{\"refused_first_request\":%d,"
						+ "\"sessions_with_stale_answers\":%d,\"stale_answers\":%d,\"not_refused_within_s\":%d,"
						+ "\"deadline_s\":%s,\"refused_ms\":%s,\"last_stale_ms\":%s}}%n",
				tokens.size(), notReady, json(logoutStatuses), loggedOut, revokingRefused, otherRefusedAtOnce,
				sessionsWithStale, staleAnswers, otherNeverRefused, args[3], percentiles(refusedMs),
				percentiles(lastStaleMs));
	}

	private static int me(HttpClient http, URI replica, String token) throws IOException, InterruptedException {
		return send(http, HttpRequest.newBuilder(replica.resolve("/api/v1/me")).header("Authorization", "Bearer " + token));
	}

	private static int send(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static String json(Map<Integer, Integer> counts) {
		StringBuilder out = new StringBuilder("{");
		counts.forEach((status, count) -> out.append(out.length() > 1 ? "," : "")
			.append('"')
			.append(status)
			.append("\":")
			.append(count));
		return out.append('}').toString();
	}

	/** p50, p90, p99 and max (nearest rank) in ms, or null when there is none. */
	private static String percentiles(List<Double> values) {
		if (values.isEmpty()) {
			return "null";
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(sorted);
		return String.format(Locale.ROOT, "{\"n\":%d,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f}",
				sorted.length, rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99), sorted[sorted.length - 1]);
	}

	private static double rank(double[] sorted, double quantile) {
		return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
	}

}
