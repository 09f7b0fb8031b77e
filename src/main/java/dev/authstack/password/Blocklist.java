package dev.authstack.password;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import me.gosimple.nbvcxz.resources.DictionaryUtil;

/**
 * Common and breached passwords that ship with the service: the "passwords" dictionary of
 * nbvcxz (100 000 of the most frequent passwords in public breach corpora). Only entries
 * that the length rule would let through are kept (about 39 000 of at least 8
 * characters), lower-cased, in a sorted array: about 2 MB instead of the 13 MB of the
 * library's map.
 */
final class Blocklist {

	/**
	 * The dictionary is far larger; fewer means it did not load (nbvcxz then only prints
	 * a line).
	 */
	static final int EXPECTED_AT_LEAST = 20_000;

	private final String[] entries;

	private Blocklist(String[] entries) {
		this.entries = entries;
	}

	static Blocklist load(int minLength) {
		Map<String, Integer> ranked = DictionaryUtil.loadRankedDictionary(DictionaryUtil.passwords);
		String[] entries = ranked.keySet()
			.stream()
			.map(Blocklist::fold)
			.filter(word -> word.codePointCount(0, word.length()) >= minLength)
			.distinct()
			.sorted()
			.toArray(String[]::new);
		if (entries.length < EXPECTED_AT_LEAST) {
			throw new IllegalStateException("The password blocklist (nbvcxz's passwords dictionary) did not load: "
					+ entries.length + " entries");
		}
		return new Blocklist(entries);
	}

	boolean contains(String password) {
		return Arrays.binarySearch(entries, fold(password)) >= 0;
	}

	int size() {
		return entries.length;
	}

	/** Case does not make a listed password safe ("Password1" is "password1"). */
	static String fold(String value) {
		return PasswordPolicy.normalize(value.strip()).toLowerCase(Locale.ROOT);
	}

}
