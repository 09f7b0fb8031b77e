package dev.authstack.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the service under test: real requests over loopback. */
public final class Api {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public Api(int port) {
		this("http://127.0.0.1:" + port);
	}

	public Api(String base) {
		this.base = base;
	}

	public Response post(String path, Object body) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
	}

	public Response post(String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	public Response get(String path, String bearer) {
		return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + bearer).GET());
	}

	/**
	 * {@code method} with a JSON body and a bearer token (PATCH, PUT, DELETE with a
	 * body).
	 */
	public Response send(String method, String path, String bearer, Object body) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + bearer)
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(toJson(body))));
	}

	/** POST /api/v1/logout with the token; the status. */
	public int logout(String bearer) {
		return send(HttpRequest.newBuilder(uri("/api/v1/logout"))
			.header("Authorization", "Bearer " + bearer)
			.POST(HttpRequest.BodyPublishers.noBody())).status();
	}

	public Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public URI uri(String path) {
		return URI.create(base + path);
	}

	/** Signs up and logs in; the access token. */
	public String signupAndLogin(String username, String password) {
		Response signup = post("/api/v1/signup",
				Map.of("username", username, "email", username + "@example.com", "password", password));
		if (signup.status() != 201) {
			throw new IllegalStateException("signup of " + username + " answered " + signup.status());
		}
		return login(username, password);
	}

	public String login(String username, String password) {
		Response login = post("/api/v1/login", Map.of("username", username, "password", password));
		if (login.status() != 200) {
			throw new IllegalStateException("login of " + username + " answered " + login.status());
		}
		return login.json().get("access_token").asString();
	}

	public static String toJson(Object body) {
		return body instanceof String s ? s : json.writeValueAsString(body);
	}

	public record Response(HttpResponse<String> raw) {

		public int status() {
			return raw.statusCode();
		}

		public String body() {
			return raw.body();
		}

		public JsonNode json() {
			return json.readTree(raw.body());
		}

		public String header(String name) {
			return raw.headers().firstValue(name).orElse(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

	}

}
