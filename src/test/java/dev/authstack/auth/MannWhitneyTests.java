package dev.authstack.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The rank test the timing test relies on must itself tell different samples apart. */
class MannWhitneyTests {

	@Test
	void identicalSamplesAreNotSignificant() {
		double[] a = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
		assertThat(LoginTimingIT.mannWhitneyP(a, a.clone())).isGreaterThan(0.9);
	}

	@Test
	void shiftedSamplesAreSignificant() {
		double[] a = new double[50];
		double[] b = new double[50];
		for (int i = 0; i < 50; i++) {
			a[i] = 50 + (i % 10);
			b[i] = 53 + (i % 10);
		}
		assertThat(LoginTimingIT.mannWhitneyP(a, b)).isLessThan(0.001);
	}

	@Test
	void matchesAKnownValue() {
		// ranks of a: 1, 2, 3, 6, 7, so U = 19 - 15 = 4; mean 12.5, variance 22.92; with
		// the continuity correction z = 8 / 4.787 = 1.671, two-sided p = 0.0947
		double[] a = { 1, 2, 3, 6, 7 };
		double[] b = { 4, 5, 8, 9, 10 };
		assertThat(LoginTimingIT.mannWhitneyP(a, b)).isCloseTo(0.0947, within(0.002));
	}

	@Test
	void medianOfEvenAndOddCounts() {
		assertThat(LoginTimingIT.median(new double[] { 3, 1, 2 })).isEqualTo(2);
		assertThat(LoginTimingIT.median(new double[] { 4, 1, 3, 2 })).isEqualTo(2.5);
	}

}
