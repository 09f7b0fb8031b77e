package dev.authstack.mail;

import java.net.URI;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Links in messages: the configured public URL (AUTH_PUBLIC_URL) plus a page path. A
 * token goes in the fragment ({@code #token=...}): browsers never send a fragment to a
 * server, so it is in no access log, proxy log or Referer header; the page's script reads
 * it and POSTs it.
 */
@Component
public class MailLinks {

	private final MailProperties properties;

	private final Environment environment;

	MailLinks(MailProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
		if (!properties.publicUrl().isBlank()) {
			check(properties.publicUrl());
		}
	}

	static void check(String url) {
		URI uri;
		try {
			uri = URI.create(url.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					"AUTH_PUBLIC_URL is not a valid URL; expected e.g. https://auth.example.com");
		}
		if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
				|| uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw new IllegalStateException(
					"AUTH_PUBLIC_URL must be an http(s) URL without query or fragment, e.g. https://auth.example.com");
		}
	}

	/**
	 * Whether the links' base was configured rather than guessed (prod wants it
	 * configured).
	 */
	public boolean configured() {
		return !properties.publicUrl().isBlank();
	}

	public String base() {
		String url = properties.publicUrl().strip();
		if (url.isEmpty()) {
			String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
			url = "http://localhost:" + port;
		}
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/** {@code <base><path>}. */
	public String page(String path) {
		return UriComponentsBuilder.fromUriString(base() + path).build().toUriString();
	}

	/** {@code <base><path>#token=<token>}. */
	public String withToken(String path, String token) {
		return page(path) + "#token=" + token;
	}

}
