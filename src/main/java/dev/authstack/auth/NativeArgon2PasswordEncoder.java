package dev.authstack.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Argon2id by libargon2, the reference implementation (bundled with argon2-jvm, called through
 * JNA): about twice as fast as the pure-Java encoder at the same cost, so a login costs the
 * server half the CPU for the same protection. The PHC strings are identical in format, so
 * either encoder verifies the other's hashes; the Java one takes over where the native library
 * cannot load.
 */
final class NativeArgon2PasswordEncoder implements PasswordEncoder {

	private static final Logger log = LoggerFactory.getLogger(NativeArgon2PasswordEncoder.class);

	private final Argon2 argon2;

	private final PasswordProperties properties;

	/** Decodes parameters for {@link #upgradeEncoding}; never hashes. */
	private final PasswordEncoder portable;

	private NativeArgon2PasswordEncoder(Argon2 argon2, PasswordProperties properties, PasswordEncoder portable) {
		this.argon2 = argon2;
		this.properties = properties;
		this.portable = portable;
	}

	/** The native encoder, if libargon2 loads here and agrees with the portable encoder. */
	static Optional<PasswordEncoder> create(PasswordProperties properties, PasswordEncoder portable) {
		try {
			Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, properties.saltLength(),
					properties.hashLength());
			NativeArgon2PasswordEncoder encoder = new NativeArgon2PasswordEncoder(argon2, properties, portable);
			String probe = "native-argon2-self-test";
			if (!encoder.matches(probe, portable.encode(probe)) || !portable.matches(probe, encoder.encode(probe))) {
				log.warn("libargon2 and the Java Argon2 disagree; hashing with the Java implementation");
				return Optional.empty();
			}
			return Optional.of(encoder);
		}
		catch (LinkageError | RuntimeException ex) {
			log.warn("libargon2 unavailable here ({}); hashing with the slower Java implementation",
					ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	@Override
	public String encode(CharSequence rawPassword) {
		char[] chars = chars(rawPassword);
		try {
			return argon2.hash(properties.iterations(), properties.memoryKib(), properties.parallelism(), chars,
					StandardCharsets.UTF_8);
		}
		finally {
			Arrays.fill(chars, '\0');
		}
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		if (rawPassword == null || encodedPassword == null || !encodedPassword.startsWith("$argon2id$")) {
			return false;
		}
		char[] chars = chars(rawPassword);
		try {
			return argon2.verify(encodedPassword, chars, StandardCharsets.UTF_8);
		}
		catch (RuntimeException ex) {
			// a malformed stored hash: no match, never an error page
			return false;
		}
		finally {
			Arrays.fill(chars, '\0');
		}
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return portable.upgradeEncoding(encodedPassword);
	}

	private static char[] chars(CharSequence value) {
		char[] chars = new char[value.length()];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = value.charAt(i);
		}
		return chars;
	}

	@Override
	public String toString() {
		return "NativeArgon2PasswordEncoder[libargon2]";
	}

}
