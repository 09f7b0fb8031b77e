package dev.authstack.password;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHashingTests {

	private final PasswordEncoder owaspMinimum = encoder(19456, 2, 1, true);

	private final PasswordEncoder java = encoder(19456, 2, 1, false);

	@Test
	void usesLibargon2WhenItLoadsHere() {
		assertThat(owaspMinimum).isInstanceOfSatisfying(BoundedPasswordEncoder.class,
				(bounded) -> assertThat(bounded.delegate()).isInstanceOf(NativeArgon2PasswordEncoder.class));
	}

	@Test
	void computesAtMostTheConfiguredNumberOfHashesAtOnce() throws Exception {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		PasswordEncoder slow = new PasswordEncoder() {

			@Override
			public String encode(CharSequence raw) {
				most.accumulateAndGet(running.incrementAndGet(), Math::max);
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				running.decrementAndGet();
				return "hash";
			}

			@Override
			public boolean matches(CharSequence raw, String encoded) {
				return encode(raw).equals(encoded);
			}

		};
		PasswordEncoder bounded = new BoundedPasswordEncoder(slow, new HashingGate(2, 14, Duration.ofSeconds(10)));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> hashes = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				int n = i;
				hashes.add(pool.submit(() -> (n % 2 == 0) ? bounded.encode("pw") : bounded.matches("pw", "hash")));
			}
			for (Future<?> hash : hashes) {
				hash.get(10, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(most.get()).isEqualTo(2);
	}

	@Test
	void hashesWithArgon2idInPhcFormatAtOwaspMinimum() {
		for (PasswordEncoder encoder : new PasswordEncoder[] { owaspMinimum, java }) {
			String hash = encoder.encode("correct horse battery staple");

			assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
			assertThat(encoder.matches("correct horse battery staple", hash)).isTrue();
			assertThat(encoder.matches("correct horse battery stapl", hash)).isFalse();
			assertThat(encoder.encode("correct horse battery staple")).isNotEqualTo(hash);
		}
	}

	@Test
	void nativeAndJavaVerifyEachOthersHashes() {
		String pw = "pässwörd with ünïcode ✓";
		assertThat(java.matches(pw, owaspMinimum.encode(pw))).isTrue();
		assertThat(owaspMinimum.matches(pw, java.encode(pw))).isTrue();
		assertThat(owaspMinimum.matches("other", java.encode(pw))).isFalse();
	}

	@Test
	void startupProbeHashIsOneTheJavaImplementationWritesAndReads() {
		Argon2PasswordEncoder probeCost = new Argon2PasswordEncoder(16, 32, 1, 64, 1);
		Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
		String byLibargon2 = argon2.hash(1, 64, 1, NativeArgon2PasswordEncoder.PROBE.toCharArray(),
				StandardCharsets.UTF_8);

		assertThat(probeCost.matches(NativeArgon2PasswordEncoder.PROBE, NativeArgon2PasswordEncoder.JAVA_PROBE_HASH))
			.isTrue();
		assertThat(probeCost.matches(NativeArgon2PasswordEncoder.PROBE, byLibargon2)).isTrue();
		assertThat(NativeArgon2PasswordEncoder.agreesWithJava(argon2)).isTrue();
	}

	@Test
	void malformedStoredHashesNeverMatchNorThrow() {
		assertThat(owaspMinimum.matches("x", "$argon2id$v=19$garbage")).isFalse();
		assertThat(owaspMinimum.matches("x", "plain")).isFalse();
		assertThat(owaspMinimum.matches("x", null)).isFalse();
	}

	@Test
	void asksForARehashOnlyWhenParametersWereRaised() {
		String hash = owaspMinimum.encode("pw-123456");

		assertThat(owaspMinimum.upgradeEncoding(hash)).isFalse();
		assertThat(encoder(24576, 2, 1, true).upgradeEncoding(hash)).isTrue();
		assertThat(encoder(19456, 3, 1, true).upgradeEncoding(hash)).isTrue();
		assertThat(encoder(24576, 2, 1, true).matches("pw-123456", hash)).isTrue();
	}

	private static PasswordEncoder encoder(int memoryKib, int iterations, int parallelism, boolean nativeImpl) {
		return new PasswordHashingConfiguration().passwordEncoder(new PasswordProperties(memoryKib, iterations,
				parallelism, 16, 32, nativeImpl, 0, -1, Duration.ofSeconds(2)));
	}

}
