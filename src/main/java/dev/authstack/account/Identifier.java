package dev.authstack.account;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one normalisation of usernames and email addresses, for lookups, uniqueness and
 * lockout buckets alike: NFKC (fullwidth and other compatibility forms become their plain
 * letters), then case folding, then NFKC again (folding can leave a string that is not in
 * normal form), then surrounding white space removed. The database stores its result
 * beside each name (columns {@code username_normalized} and {@code email_normalized},
 * unique) and compares only those, so PostgreSQL's {@code lower()}, which follows the
 * database's locale and maps U+0130 to a plain {@code i}, never decides whether two
 * spellings are the same account.
 * <p>
 * Folding is lower(upper(lower(s))) with the root locale: the JDK has no full case
 * folding, and this composition gives what folding gives for the letters that matter (ß,
 * ẞ and SS meet in "ss", ſ in "s", final and medial sigma in σ/ς alike, K and the Kelvin
 * sign in "k"), while U+0130 stays "i̇" (i with a dot above), distinct from i, as
 * Unicode's folding keeps it. IdentifierTests checks that the result is stable
 * (normalising twice changes nothing) for every code point.
 */
public final class Identifier {

	private Identifier() {
	}

	public static String normalize(String identifier) {
		if (identifier == null) {
			return "";
		}
		String compatible = Normalizer.normalize(identifier, Normalizer.Form.NFKC);
		String folded = compatible.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
		return Normalizer.normalize(folded, Normalizer.Form.NFKC).strip();
	}

}
