package dev.authstack.password;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Argon2id by libargon2, the reference implementation (bundled with argon2-jvm, called
 * through JNA): about twice as fast as the pure-Java encoder at the same cost, so a login
 * costs the server half the CPU for the same protection. The PHC strings are identical in
 * format, so either encoder verifies the other's hashes; the Java one takes over where
 * the native library cannot load.
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

	/**
	 * The native encoder, if libargon2 loads here and agrees with the portable encoder.
	 */
	static Optional<PasswordEncoder> create(PasswordProperties properties, PasswordEncoder portable) {
		try {
			Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, properties.saltLength(),
					properties.hashLength());
			NativeArgon2PasswordEncoder encoder = new NativeArgon2PasswordEncoder(argon2, properties, portable);
			if (!agreesWithJava(argon2)) {
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

	/** Password of the start-up probe. */
	static final String PROBE = "native-argon2-self-test";

	/**
	 * {@link #PROBE} hashed by the Java implementation (Spring's
	 * {@code Argon2PasswordEncoder}, 64 KiB, one pass); PasswordHashingTests proves that
	 * it still reads it.
	 */
	static final String JAVA_PROBE_HASH = "$argon2id$v=19$m=64,t=1,p=1$f3GS4oa7VLPO4iDWjtDZ8Q$MPb1cI+PF+VTKfk1WBGM1s7cCqmkO6PiKMtXxwWnmUk";

	private static final Pattern PROBE_FORMAT = Pattern
		.compile("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");

	/**
	 * libargon2 reads a hash the Java implementation wrote, and writes the PHC string the
	 * Java implementation reads (PasswordHashingTests checks that Java verifies it). The
	 * probe used to hash with the Java implementation at the configured cost at every
	 * start: two full hashes in not yet compiled code, plus loading BouncyCastle from its
	 * signed jar, which the AOT cache cannot hold; 0.3 s of CPU on the startup path. The
	 * algorithm and the format are the same at any cost, so the probe uses the smallest
	 * (64 KiB, one pass).
	 */
	static boolean agreesWithJava(Argon2 argon2) {
		char[] probe = PROBE.toCharArray();
		if (!argon2.verify(JAVA_PROBE_HASH, probe, StandardCharsets.UTF_8)
				|| argon2.verify(JAVA_PROBE_HASH, "other".toCharArray(), StandardCharsets.UTF_8)) {
			return false;
		}
		String own = argon2.hash(1, 64, 1, probe, StandardCharsets.UTF_8);
		return PROBE_FORMAT.matcher(own).matches() && argon2.verify(own, probe, StandardCharsets.UTF_8);
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
