package dev.authstack.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifierTests {

	@Test
	void spellingsOfOneNameMeet() {
		assertThat(Identifier.normalize(" Alice ")).isEqualTo("alice");
		assertThat(Identifier.normalize("\uFF21\uFF4C\uFF49\uFF43\uFF45")).isEqualTo("alice");
		assertThat(Identifier.normalize("STRASSE")).isEqualTo(Identifier.normalize("straße"))
			.isEqualTo(Identifier.normalize("STRAẞE"));
		assertThat(Identifier.normalize("\u212Aelvin")).isEqualTo("kelvin");
		assertThat(Identifier.normalize("\uFB01sh@example.com")).isEqualTo("fish@example.com");
		assertThat(Identifier.normalize("ΟΔΟΣ")).isEqualTo(Identifier.normalize("οδος"));
		assertThat(Identifier.normalize("\u3000bob\u3000")).isEqualTo("bob");
	}

	@Test
	void theDottedCapitalIStaysApartFromI() {
		// PostgreSQL's lower() (UTF-8 locales) maps U+0130 to "i"; Unicode case folding
		// keeps the dot
		assertThat(Identifier.normalize("\u0130rina")).isEqualTo("i\u0307rina").isNotEqualTo("irina");
	}

	@Test
	void normalisingIsStableForEveryCodePoint() {
		int unstable = 0;
		StringBuilder examples = new StringBuilder();
		for (int cp = 1; cp <= Character.MAX_CODE_POINT; cp++) {
			if (Character.getType(cp) == Character.SURROGATE) {
				continue;
			}
			String once = Identifier.normalize("a" + Character.toString(cp) + "b");
			if (!Identifier.normalize(once).equals(once)) {
				unstable++;
				if (examples.length() < 200) {
					examples.append(String.format("U+%04X ", cp));
				}
			}
		}
		assertThat(unstable).as("code points whose normal form changes again: %s", examples).isZero();
	}

	@Test
	void nullIsEmpty() {
		assertThat(Identifier.normalize(null)).isEmpty();
	}

}
