package dev.authstack.password;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The one definition of an acceptable new password, after NIST SP 800-63B, for every
 * module that sets one (signup, password change, the first admin, and later a reset):
 * length in code points of the NFKC form, no trivial repetition or run, not on the
 * blocklist of common and breached passwords, not containing the username or the email's
 * local part, and, when configured, not known to a breached-password range service. No
 * composition rules (upper case, digits): NIST advises against them. Messages never
 * repeat the password.
 */
@Component
public class PasswordPolicy {

	/**
	 * The shortest password allowed by default, and the floor configuration may not go
	 * below (NIST).
	 */
	public static final int MIN_LENGTH = 8;

	/** The longest password allowed by default. */
	public static final int MAX_LENGTH = 128;

	/**
	 * How long a username or email local part must be before a password may not contain
	 * it.
	 */
	public static final int MIN_CONTEXT_LENGTH = 3;

	private static final Logger log = LoggerFactory.getLogger(PasswordPolicy.class);

	private final PasswordPolicyProperties properties;

	private final Blocklist blocklist;

	private final BreachCheck breachCheck;

	PasswordPolicy(PasswordPolicyProperties properties, BreachCheck breachCheck) {
		this.properties = properties;
		this.breachCheck = breachCheck;
		long t0 = System.nanoTime();
		this.blocklist = Blocklist.load(properties.minLength());
		log.info("Password policy: {} to {} characters, {} blocklisted passwords (loaded in {} ms), breach check {}",
				properties.minLength(), properties.maxLength(), blocklist.size(), (System.nanoTime() - t0) / 1_000_000,
				breachCheck.enabled() ? "on" : "off");
	}

	/**
	 * The shipped rules without a breach check, for use outside the application context.
	 */
	static PasswordPolicy defaults() {
		return Defaults.POLICY;
	}

	private static final class Defaults {

		static final PasswordPolicy POLICY = new PasswordPolicy(
				new PasswordPolicyProperties(MIN_LENGTH, MAX_LENGTH, MIN_CONTEXT_LENGTH),
				new BreachCheck(new BreachCheckProperties("", java.time.Duration.ofSeconds(2))));

	}

	/**
	 * What is wrong with {@code password} for this account, as a message for its field;
	 * empty if nothing.
	 */
	public Optional<String> problem(String password, String username, String email) {
		if (password == null) {
			return Optional.of("is required");
		}
		String normalized = normalize(password);
		int length = normalized.codePointCount(0, normalized.length());
		if (length < properties.minLength() || length > properties.maxLength()) {
			return Optional.of("must be " + properties.minLength() + " to " + properties.maxLength() + " characters");
		}
		if (repetitive(normalized)) {
			return Optional.of("is too easy to guess: it repeats a character or a short pattern");
		}
		if (sequential(normalized)) {
			return Optional.of("is too easy to guess: it is a run of consecutive characters");
		}
		if (blocklist.contains(normalized)) {
			return Optional.of("is too common: it is on a list of frequently used and breached passwords");
		}
		String folded = normalized.toLowerCase(Locale.ROOT);
		if (contains(folded, username)) {
			return Optional.of("must not contain the username");
		}
		if (email != null && email.indexOf('@') > 0 && contains(folded, email.substring(0, email.lastIndexOf('@')))) {
			return Optional.of("must not contain the email address");
		}
		if (breachCheck.breached(normalized)) {
			return Optional.of("appears in a known data breach; choose another");
		}
		return Optional.empty();
	}

	/**
	 * {@link #problem} as an exception: 400 with {@code field} and its message in
	 * {@code errors}.
	 */
	public void require(String field, String password, String username, String email) {
		problem(password, username, email).ifPresent(message -> {
			throw new UnacceptablePasswordException(field, message);
		});
	}

	static String normalize(String password) {
		return Normalizer.normalize(password, Normalizer.Form.NFKC);
	}

	private boolean contains(String foldedPassword, String context) {
		if (context == null) {
			return false;
		}
		String word = normalize(context.strip()).toLowerCase(Locale.ROOT);
		return word.codePointCount(0, word.length()) >= properties.minContextLength() && foldedPassword.contains(word);
	}

	/**
	 * One code point, or a unit of up to three, repeated throughout (" ", "abcabcabc").
	 */
	static boolean repetitive(String password) {
		int[] points = password.codePoints().toArray();
		for (int unit = 1; unit <= 3 && unit < points.length; unit++) {
			boolean repeats = true;
			for (int i = unit; i < points.length && repeats; i++) {
				repeats = points[i] == points[i - unit];
			}
			if (repeats) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Each code point one above (or one below) the last throughout ("12345678",
	 * "zyxwvuts").
	 */
	static boolean sequential(String password) {
		int[] points = password.codePoints().toArray();
		if (points.length < 2) {
			return false;
		}
		int step = points[1] - points[0];
		if (step != 1 && step != -1) {
			return false;
		}
		for (int i = 2; i < points.length; i++) {
			if (points[i] - points[i - 1] != step) {
				return false;
			}
		}
		return true;
	}

}
