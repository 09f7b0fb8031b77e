package dev.authstack.password;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * k-anonymity lookup of breached passwords (see {@link BreachCheckProperties}): the
 * service learns five hex digits of the SHA-1, one in a million of its range, never the
 * password or its hash. Padding is asked for, so the answer's size does not tell the
 * range either.
 */
@Component
class BreachCheck {

	private static final Logger log = LoggerFactory.getLogger(BreachCheck.class);

	private final BreachCheckProperties properties;

	private final HttpClient client;

	BreachCheck(BreachCheckProperties properties) {
		this.properties = properties;
		this.client = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
		if (properties.enabled()) {
			log.info("Breached-password check on (AUTH_PASSWORD_BREACHCHECK_URL)");
		}
	}

	boolean enabled() {
		return properties.enabled();
	}

	/**
	 * Whether the range service lists the (normalised) password; false when off or
	 * unreachable.
	 */
	boolean breached(String normalizedPassword) {
		if (!properties.enabled()) {
			return false;
		}
		String sha1 = sha1(normalizedPassword);
		String prefix = sha1.substring(0, 5);
		String suffix = sha1.substring(5);
		String url = properties.url().contains("{prefix}") ? properties.url().replace("{prefix}", prefix)
				: properties.url() + prefix;
		try {
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
				.timeout(properties.timeout())
				.header("Add-Padding", "true")
				.header("User-Agent", "authstack")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
			if (response.statusCode() != 200) {
				log.warn("Breached-password check skipped: the range service answered {}", response.statusCode());
				return false;
			}
			return response.body().lines().anyMatch(line -> listed(line, suffix));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception ex) {
			log.warn("Breached-password check skipped: the range service did not answer ({})",
					ex.getClass().getSimpleName());
			return false;
		}
	}

	/** "SUFFIX:COUNT"; padding entries have count 0. */
	private static boolean listed(String line, String suffix) {
		int colon = line.indexOf(':');
		if (colon < 0 || !line.substring(0, colon).strip().equalsIgnoreCase(suffix)) {
			return false;
		}
		try {
			return Long.parseLong(line.substring(colon + 1).strip()) > 0;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	static String sha1(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(value.getBytes(StandardCharsets.UTF_8)))
				.toUpperCase(Locale.ROOT);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
