package dev.authstack.mail;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The SMTP server: {@code AUTH_SMTP_URL} ({@code smtp://[user@]host[:port]} with
 * STARTTLS, or {@code smtps://} for TLS from the first byte), {@code AUTH_SMTP_PASSWORD}
 * (or its _FILE), {@code AUTH_SMTP_STARTTLS} ({@code required} unless set to {@code off},
 * for a mail catcher on a private network), {@code AUTH_SMTP_CA} (PEM certificates to
 * trust instead of the JVM's, e.g. {@code AUTH_SMTP_CA_FILE}) and the timeouts. No URL:
 * no SMTP server.
 */
@Validated
@ConfigurationProperties("auth.smtp")
record SmtpProperties(@DefaultValue("") String url, @DefaultValue("") String password,
		@DefaultValue("required") @NotNull StartTls starttls, @DefaultValue("") String ca,
		@DefaultValue("5s") @NotNull Duration connectTimeout, @DefaultValue("10s") @NotNull Duration timeout) {

	enum StartTls {

		REQUIRED, OFF

	}

	boolean configured() {
		return url != null && !url.isBlank();
	}

	/**
	 * The parsed URL; throws {@link IllegalStateException} with a message an operator can
	 * act on.
	 */
	Endpoint endpoint() {
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalStateException(
					"AUTH_SMTP_URL is not a valid URL; expected smtp://[user@]host[:port] or smtps://...");
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
		if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
			throw new IllegalStateException("AUTH_SMTP_URL must start with smtp:// or smtps://");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			throw new IllegalStateException("AUTH_SMTP_URL names no host; expected smtp://[user@]host[:port]");
		}
		if (uri.getQuery() != null
				|| (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
			throw new IllegalStateException("AUTH_SMTP_URL takes no path or query; use the AUTH_SMTP_* settings");
		}
		String user = null;
		String userPassword = null;
		if (uri.getRawUserInfo() != null) {
			String[] parts = uri.getRawUserInfo().split(":", 2);
			user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
			if (parts.length == 2) {
				userPassword = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
			}
		}
		if (userPassword != null && !password.isEmpty()) {
			throw new IllegalStateException(
					"The SMTP password is given twice (in AUTH_SMTP_URL and AUTH_SMTP_PASSWORD); give it once");
		}
		String secret = userPassword != null ? userPassword : (password.isEmpty() ? null : password);
		if (secret != null && user == null) {
			throw new IllegalStateException(
					"AUTH_SMTP_PASSWORD is set but AUTH_SMTP_URL names no user (smtp://user@host)");
		}
		boolean implicitTls = scheme.equals("smtps");
		int port = uri.getPort() > 0 ? uri.getPort() : (implicitTls ? 465 : 587);
		return new Endpoint(implicitTls, uri.getHost(), port, user, secret);
	}

	/** Where to send and as whom; {@link #toString()} never shows the password. */
	record Endpoint(boolean implicitTls, String host, int port, String user, String password) {

		String display() {
			return (implicitTls ? "smtps://" : "smtp://") + (user == null ? "" : user + "@") + host + ":" + port;
		}

		@Override
		public String toString() {
			return display();
		}

	}

	@Override
	public String toString() {
		return "SmtpProperties[starttls=" + starttls + ", configured=" + configured() + "]";
	}

}
