package dev.authstack.mail;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmtpPropertiesTests {

	private static SmtpProperties smtp(String url, String password) {
		return new SmtpProperties(url, password, SmtpProperties.StartTls.REQUIRED, "", Duration.ofSeconds(5),
				Duration.ofSeconds(10));
	}

	@Test
	void readsSchemeUserHostAndPortWithTheRightDefaults() {
		SmtpProperties.Endpoint plain = smtp("smtp://mailer@mail.example.com", "secret").endpoint();
		assertThat(plain.implicitTls()).isFalse();
		assertThat(plain.port()).isEqualTo(587);
		assertThat(plain.user()).isEqualTo("mailer");
		assertThat(plain.password()).isEqualTo("secret");
		SmtpProperties.Endpoint tls = smtp("smtps://mail.example.com", "").endpoint();
		assertThat(tls.implicitTls()).isTrue();
		assertThat(tls.port()).isEqualTo(465);
		assertThat(tls.user()).isNull();
		assertThat(smtp("smtp://u%40x:p%3Aw@h:2525", "").endpoint()).satisfies(e -> {
			assertThat(e.user()).isEqualTo("u@x");
			assertThat(e.password()).isEqualTo("p:w");
			assertThat(e.port()).isEqualTo(2525);
		});
	}

	@Test
	void neverShowsThePassword() {
		SmtpProperties properties = smtp("smtp://mailer:hunter2@mail.example.com:25", "");
		assertThat(properties.endpoint().toString()).isEqualTo("smtp://mailer@mail.example.com:25")
			.doesNotContain("hunter2");
		assertThat(properties.toString()).doesNotContain("hunter2");
	}

	@Test
	void refusesWhatCannotBeMeantWithAMessageThatSaysWhy() {
		assertThatThrownBy(() -> smtp("http://mail.example.com", "").endpoint()).hasMessageContaining("smtp://");
		assertThatThrownBy(() -> smtp("smtp://", "").endpoint()).hasMessageContaining("AUTH_SMTP_URL");
		assertThatThrownBy(() -> smtp("smtp://mail.example.com/x?y=1", "").endpoint()).hasMessageContaining("no path");
		assertThatThrownBy(() -> smtp("smtp://u:p@mail.example.com", "q").endpoint()).hasMessageContaining("twice");
		assertThatThrownBy(() -> smtp("smtp://mail.example.com", "q").endpoint()).hasMessageContaining("names no user");
	}

}
