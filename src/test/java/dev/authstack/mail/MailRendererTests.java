package dev.authstack.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailRendererTests {

	private final MailRenderer renderer = new MailRenderer(new MailProperties("no-reply@example.com", "authstack", "",
			"target/x", true, new MailProperties.Worker(true, Duration.ofSeconds(1), Duration.ofMinutes(2), 10,
					Duration.ofSeconds(10), Duration.ofMinutes(15), Duration.ofDays(7), Duration.ofMinutes(15))));

	private final Session session = Session.getInstance(new Properties());

	@Test
	void rendersTextAndHtmlFromTheBundleAndKeepsTheQueuedMessageId() throws Exception {
		MimeMessage message = renderer.render(session,
				new ComposedMail("alice@example.com", "password-reset", Map.of("username", "alice", "link",
						"https://auth.example.com/reset-password#token=abc", "minutes", 30)),
				Locale.GERMAN, "<fixed@example.com>");
		message.saveChanges();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		message.writeTo(out);
		String raw = out.toString(StandardCharsets.UTF_8);

		assertThat(message.getMessageID()).isEqualTo("<fixed@example.com>");
		assertThat(message.getSubject()).isEqualTo("Reset your password");
		assertThat(raw).contains("From: authstack <no-reply@example.com>").contains("text/plain").contains("text/html");
		assertThat(raw.replaceAll("=\r\n", "")).contains("Hello alice,").contains("30 minutes");
	}

	@Test
	void anythingButOnePlainAddressIsRefusedForGoodBeforeAHeaderIsWritten() {
		for (String bad : new String[] { "a@example.com\r\nBcc: evil@example.com", "a@example.com\nBcc: e@x.io",
				"Alice <a@example.com>", "a@example.com, b@example.com", "a@example.com\u0000", "no-at-sign", "",
				"a@example.com\u2028", "x".repeat(250) + "@x.io", "group: a@example.com;" }) {
			assertThatThrownBy(() -> MailRenderer.recipient(bad)).as(bad)
				.isInstanceOf(DeliveryException.class)
				.satisfies(ex -> assertThat(((DeliveryException) ex).permanent()).isTrue());
		}
		assertThatThrownBy(() -> renderer.render(session,
				new ComposedMail("a@example.com\r\nBcc: evil@example.com", "password-changed", Map.of()),
				Locale.ENGLISH, "<x@example.com>"))
			.isInstanceOf(DeliveryException.class);
	}

	@Test
	void aSenderWithALineBreakStopsTheStart() {
		assertThatThrownBy(() -> MailRenderer.sender("no-reply@example.com", "authstack\r\nBcc: evil@example.com"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("AUTH_MAIL_FROMNAME");
		assertThatThrownBy(() -> MailRenderer.sender("not an address", "x"))
			.hasMessageContaining("AUTH_MAIL_FROM is not a valid email address");
	}

}
