package dev.authstack.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The pages as a browser without JavaScript uses them, over plain HTTP with a cookie jar:
 * GET a form, take its CSRF field, POST it. For tests about the session cookie itself
 * (what it grants, where it is refused), where a real browser adds nothing but time; page
 * rendering is tested in Chromium.
 */
public final class PageClient {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	public PageClient(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/** Signs in through the login form; the session cookie's value. */
	public String signIn(String username, String password) {
		HttpResponse<String> response = submit("/login", "/login", Map.of("username", username, "password", password));
		if (response.statusCode() != 302) {
			throw new IllegalStateException("page sign-in of " + username + " answered " + response.statusCode());
		}
		return sessionCookie();
	}

	/**
	 * Fetches {@code formPage}, then posts {@code fields} and its CSRF token to
	 * {@code action}.
	 */
	public HttpResponse<String> submit(String formPage, String action, Map<String, String> fields) {
		Matcher csrf = CSRF.matcher(get(formPage).body());
		if (!csrf.find()) {
			throw new IllegalStateException(formPage + " has no CSRF field");
		}
		String form = fields.entrySet()
			.stream()
			.map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&", "_csrf=" + encode(csrf.group(1)) + "&", ""));
		return send(HttpRequest.newBuilder(URI.create(base + action))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
	}

	/**
	 * A page fetched with only the given session cookie, as another browser holding it
	 * would.
	 */
	public static HttpResponse<String> getWithCookie(int port, String path, String cookieValue) {
		PageClient other = new PageClient(port);
		HttpCookie cookie = new HttpCookie("authstack_session", cookieValue);
		cookie.setPath("/");
		cookie.setVersion(0);
		other.cookies.getCookieStore().add(URI.create(other.base), cookie);
		return other.get(path);
	}

	public String sessionCookie() {
		return cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter(cookie -> cookie.getName().equals("authstack_session") && !cookie.getValue().isEmpty())
			.map(HttpCookie::getValue)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no session cookie"));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
