package dev.authstack.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorFormatTests {

	static final String CHROMIUM = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

	static final String FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	@Test
	void browsersAskingForAPageGetHtml() {
		assertThat(ErrorFormat.wantsHtml("/account", CHROMIUM)).isTrue();
		assertThat(ErrorFormat.wantsHtml("/no-such-page", FIREFOX)).isTrue();
		assertThat(ErrorFormat.wantsHtml("/", "text/html")).isTrue();
		assertThat(ErrorFormat.wantsHtml("/", "application/json;q=0.5, text/html")).isTrue();
	}

	@Test
	void theApiAlwaysGetsJson() {
		for (String path : new String[] { "/api/v1/nope", "/api", "/api/", "/.well-known/jwks.json" }) {
			assertThat(ErrorFormat.wantsHtml(path, CHROMIUM)).as(path).isFalse();
		}
		// not the API: only its prefix counts
		assertThat(ErrorFormat.wantsHtml("/apiary", CHROMIUM)).isTrue();
	}

	@Test
	void everyOtherClientGetsJson() {
		assertThat(ErrorFormat.wantsHtml("/", null)).isFalse();
		assertThat(ErrorFormat.wantsHtml("/", "")).isFalse();
		assertThat(ErrorFormat.wantsHtml("/", "*/*")).isFalse();
		assertThat(ErrorFormat.wantsHtml("/", "application/json")).isFalse();
		assertThat(ErrorFormat.wantsHtml("/", "application/problem+json, text/html;q=0.5")).isFalse();
		assertThat(ErrorFormat.wantsHtml("/", "text/html;q=0")).isFalse();
		assertThat(ErrorFormat.wantsHtml("/", "image/webp,*/*")).isFalse();
		assertThat(ErrorFormat.wantsHtml("/", "not a media type;;")).isFalse();
		assertThat(ErrorFormat.wantsHtml(null, null)).isFalse();
	}

	@Test
	void everyStatusHasItsOwnWords() {
		for (int status = 400; status < 600; status++) {
			assertThat(ErrorFormat.title(status)).isNotBlank();
			assertThat(ErrorFormat.detail(status)).isNotBlank().doesNotContain("null");
		}
	}

}
