package dev.authstack.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The loops in {@link HeaderChecks} against the patterns Spring Security 7 uses for the
 * same rules.
 */
class HeaderChecksTests {

	// StrictHttpFirewall's patterns, copied from its source
	private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void agreesWithTheFirewallPatternsOnEveryCodePoint() {
		List<Integer> disagreements = new ArrayList<>();
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String one = new String(Character.toChars(codePoint));
			if (HeaderChecks.assignedAndNotControl(one, false) != NAME.matcher(one).matches()
					|| HeaderChecks.assignedAndNotControl(one, true) != VALUE.matcher(one).matches()) {
				disagreements.add(codePoint);
			}
		}
		assertThat(disagreements).isEmpty();
	}

	@Test
	void agreesWithTheFirewallPatternsOnMixedStrings() {
		Random random = new Random(20261128);
		char[] alphabet = { 'a', 'Z', ' ', '\t', '\n', '\u007f', '\u0085', '\u00e9', '\u0378', '\ud83d', '\ude00',
				'\uffff', ':', '=' };
		for (int n = 0; n < 100_000; n++) {
			char[] chars = new char[random.nextInt(6)];
			for (int i = 0; i < chars.length; i++) {
				chars[i] = alphabet[random.nextInt(alphabet.length)];
			}
			String value = new String(chars);
			assertThat(HeaderChecks.assignedAndNotControl(value, false)).as("name %s", value.chars().toArray())
				.isEqualTo(NAME.matcher(value).matches());
			assertThat(HeaderChecks.assignedAndNotControl(value, true)).as("value %s", value.chars().toArray())
				.isEqualTo(VALUE.matcher(value).matches());
		}
	}

	@Test
	void firewallRejectsAControlCharacterInAHeaderValue() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
		request.addHeader("X-Test", "a\u0000b");

		var firewalled = HeaderChecks.firewall().getFirewalledRequest(request);

		assertThatThrownBy(() -> firewalled.getHeader("X-Test"))
			.isInstanceOf(org.springframework.security.web.firewall.RequestRejectedException.class);
	}

	@Test
	void resolvesWhatSpringResolvesAndFailsWhereSpringFails() {
		BearerTokenResolver fast = HeaderChecks.bearerTokenResolver();
		DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();
		List<String> headers = List.of("Bearer abc.DEF-ghi_jkl~mno+pqr/stu", "bearer abc==", "BEARER a", "Bearer a=b",
				"Bearer ", "Bearer", "Bearer  abc", "Bearer abc ", "Bearer abc\n", "Bearerabc", "Basic dXNlcjpwYXNz",
				"Bearer ab%cd", "Bearer ==", "Bearer é", "");
		for (String header : headers) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
			request.addHeader("Authorization", header);
			assertThat(outcome(fast, request)).as(header).isEqualTo(outcome(spring, request));
		}
		assertThat(fast.resolve(new MockHttpServletRequest("GET", "/api/v1/me"))).isNull();
	}

	@Test
	void recognisesOnlyPlainBearerTokens() {
		assertThat(HeaderChecks.isBearerToken68("Bearer eyJ.eyJ.sig")).isTrue();
		assertThat(HeaderChecks.isBearerToken68("bEaReR abc==")).isTrue();
		assertThat(HeaderChecks.isBearerToken68("Bearer abc=d")).isFalse();
		assertThat(HeaderChecks.isBearerToken68("Bearer =")).isFalse();
		assertThat(HeaderChecks.isBearerToken68("Bearer a b")).isFalse();
	}

	private static String outcome(BearerTokenResolver resolver, MockHttpServletRequest request) {
		try {
			return "token:" + resolver.resolve(request);
		}
		catch (RuntimeException ex) {
			return ex.getClass().getSimpleName() + ":" + ex.getMessage();
		}
	}

}
