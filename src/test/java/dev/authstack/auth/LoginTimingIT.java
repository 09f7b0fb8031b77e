package dev.authstack.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enumeration safety, measured: an unknown username and a wrong password must give the
 * same status, body and headers, and response times whose distributions cannot be told
 * apart. Requests alternate between the two kinds so machine noise falls on both alike.
 */
@IntegrationTest
class LoginTimingIT extends RealDatabase {

	private static final int SAMPLES = 200;

	private static final int WARMUP = 20;

	@LocalServerPort
	int port;

	@Test
	void unknownUserAndWrongPasswordAreIndistinguishable() {
		Api api = new Api(port);
		// at most 4 wrong passwords per account, so lockout (5) never answers instead of
		// the hash
		List<String> accounts = new ArrayList<>();
		for (int i = 0; i < (SAMPLES + WARMUP) / 4 + 1; i++) {
			String name = Accounts.uniqueName("timing");
			assertThat(api.post("/api/v1/signup", Accounts.signup(name)).status()).isEqualTo(201);
			accounts.add(name);
		}

		double[] unknown = new double[SAMPLES];
		double[] wrong = new double[SAMPLES];
		Api.Response firstUnknown = null;
		Api.Response firstWrong = null;
		for (int i = 0; i < SAMPLES + WARMUP; i++) {
			long t0 = System.nanoTime();
			Api.Response u = api.post("/api/v1/login",
					Map.of("username", Accounts.uniqueName("ghost"), "password", "wrong password"));
			long t1 = System.nanoTime();
			Api.Response w = api.post("/api/v1/login",
					Map.of("username", accounts.get(i / 4), "password", "wrong password"));
			long t2 = System.nanoTime();
			assertThat(u.status()).isEqualTo(401);
			assertThat(w.status()).isEqualTo(401);
			assertThat(u.body()).isEqualTo(w.body());
			assertThat(comparableHeaders(u)).isEqualTo(comparableHeaders(w));
			if (i >= WARMUP) {
				unknown[i - WARMUP] = (t1 - t0) / 1e6;
				wrong[i - WARMUP] = (t2 - t1) / 1e6;
			}
			if (firstUnknown == null) {
				firstUnknown = u;
				firstWrong = w;
			}
		}

		double medianUnknown = median(unknown);
		double medianWrong = median(wrong);
		double p = mannWhitneyP(unknown, wrong);
		System.out.printf(
				"login timing over %d pairs: median unknown %.2f ms, wrong password %.2f ms, "
						+ "ratio %.3f, Mann-Whitney p = %.4f%n",
				SAMPLES, medianUnknown, medianWrong, medianUnknown / medianWrong, p);

		assertThat(Math.abs(medianUnknown - medianWrong) / Math.max(medianUnknown, medianWrong)).isLessThan(0.10);
		assertThat(p).as("rank test p-value").isGreaterThan(0.001);
		assertThat(firstUnknown.contentType()).isEqualTo(firstWrong.contentType());
	}

	/** Every header but those that differ per response by design. */
	private static Map<String, List<String>> comparableHeaders(Api.Response response) {
		Map<String, List<String>> headers = new TreeMap<>(response.raw().headers().map());
		// Connection: close comes from Tomcat ending a keep-alive run (every 100
		// requests), not the login
		headers.keySet()
			.removeIf(name -> name.equalsIgnoreCase("date") || name.equalsIgnoreCase("x-request-id")
					|| name.equalsIgnoreCase("connection"));
		return headers;
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/**
	 * Two-sided p-value of the Mann-Whitney U test, normal approximation with tie
	 * correction.
	 */
	static double mannWhitneyP(double[] a, double[] b) {
		int n1 = a.length;
		int n2 = b.length;
		int n = n1 + n2;
		double[][] all = new double[n][2];
		for (int i = 0; i < n1; i++) {
			all[i] = new double[] { a[i], 0 };
		}
		for (int i = 0; i < n2; i++) {
			all[n1 + i] = new double[] { b[i], 1 };
		}
		Arrays.sort(all, (x, y) -> Double.compare(x[0], y[0]));
		double rankSumA = 0;
		double tieTerm = 0;
		for (int i = 0; i < n;) {
			int j = i;
			while (j + 1 < n && all[j + 1][0] == all[i][0]) {
				j++;
			}
			double rank = (i + j) / 2.0 + 1;
			int ties = j - i + 1;
			tieTerm += (double) ties * ties * ties - ties;
			for (int k = i; k <= j; k++) {
				if (all[k][1] == 0) {
					rankSumA += rank;
				}
			}
			i = j + 1;
		}
		double u = rankSumA - n1 * (n1 + 1) / 2.0;
		double mean = n1 * n2 / 2.0;
		double variance = n1 * n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
		double z = (Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
		return 2 * (1 - standardNormalCdf(Math.max(z, 0)));
	}

	private static double standardNormalCdf(double z) {
		// Abramowitz and Stegun 7.1.26, accurate to 1.5e-7
		double t = 1 / (1 + 0.3275911 * z / Math.sqrt(2));
		double erf = 1
				- t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
						* Math.exp(-z * z / 2);
		return 0.5 * (1 + erf);
	}

}
