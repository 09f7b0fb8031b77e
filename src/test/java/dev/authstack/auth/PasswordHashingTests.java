package dev.authstack.auth;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHashingTests {

	private final PasswordEncoder owaspMinimum = encoder(19456, 2, 1);

	@Test
	void hashesWithArgon2idInPhcFormatAtOwaspMinimum() {
		String hash = owaspMinimum.encode("correct horse battery staple");

		assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
		assertThat(owaspMinimum.matches("correct horse battery staple", hash)).isTrue();
		assertThat(owaspMinimum.matches("correct horse battery stapl", hash)).isFalse();
		assertThat(owaspMinimum.encode("correct horse battery staple")).isNotEqualTo(hash);
	}

	@Test
	void asksForARehashOnlyWhenParametersWereRaised() {
		String hash = owaspMinimum.encode("pw-123456");

		assertThat(owaspMinimum.upgradeEncoding(hash)).isFalse();
		assertThat(encoder(24576, 2, 1).upgradeEncoding(hash)).isTrue();
		assertThat(encoder(19456, 3, 1).upgradeEncoding(hash)).isTrue();
		assertThat(encoder(24576, 2, 1).matches("pw-123456", hash)).isTrue();
	}

	private static PasswordEncoder encoder(int memoryKib, int iterations, int parallelism) {
		return new PasswordHashingConfiguration()
			.passwordEncoder(new PasswordProperties(memoryKib, iterations, parallelism, 16, 32));
	}

}
