package dev.authstack.system;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RawHttp;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error in the form the client asked for: an HTML page for a browser asking for a
 * page, RFC 9457 problem+json for everything else and always on the API's paths,
 * including what Tomcat refuses before the application sees it. Never an internal
 * message.
 */
@IntegrationTest
class ErrorResponsesIT extends RealDatabase {

	/** What Chromium sends for a page. */
	static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8";

	static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	final RawHttp http = RawHttp.from("127.0.0.1");

	@Test
	void anUnknownPageIsAnHtmlPageForABrowserAndProblemJsonForOtherClients() {
		RawHttp.Response browser = http.get(port, "/no-such-page", Map.of("Accept", BROWSER));
		assertHtmlPage(browser, 404, "404 Not Found");

		for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Accept", "*/*"),
				Map.of("Accept", "application/json"))) {
			RawHttp.Response other = http.get(port, "/no-such-page", headers);
			assertProblem(other, 404, "/no-such-page");
		}
	}

	@Test
	void anUnknownApiPathIsProblemJsonWithoutInternalMessagesEvenForABrowser() {
		String token = new Api(port).signupAndLogin(Accounts.uniqueName("err"), Accounts.PASSWORD);
		for (String accept : List.of(BROWSER, "application/json", "")) {
			RawHttp.Response response = http.get(port, "/api/v1/nope",
					accept.isEmpty() ? Map.of("Authorization", "Bearer " + token)
							: Map.of("Authorization", "Bearer " + token, "Accept", accept));
			JsonNode problem = assertProblem(response, 404, "/api/v1/nope");
			assertThat(problem.get("detail").asString()).isEqualTo("There is nothing at this address.");
		}
	}

	@Test
	void tomcatsOwnRejectionsAreProblemJsonForApiClients() {
		for (String path : List.of("/api/v1/users/%00", "/api/v1/users/..%2fadmin", "/api/v1/users/%2e%2e%2fx%00")) {
			assertProblem(http.get(port, path, Map.of("Accept", BROWSER)), 400, path);
			assertProblem(http.get(port, path, Map.of()), 400, path);
		}
		String hugeToken = "a".repeat(20_000);
		RawHttp.Response tooLarge = http.get(port, "/api/v1/me", Map.of("Authorization", "Bearer " + hugeToken));
		assertProblem(tooLarge, 400, "/api/v1/me");
		assertThat(tooLarge.body()).doesNotContain(hugeToken.substring(0, 100));
	}

	@Test
	void aMalformedRequestLineIsProblemJson() {
		RawHttp.Response response = http.send(port, "GE(T", "/api/v1/health", Map.of(), null);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(json.readTree(response.body()).get("type").asString()).isEqualTo("about:blank");
	}

	@Test
	void tomcatsOwnRejectionsAreAnHtmlPageForABrowserOnAPagePath() {
		assertHtmlPage(http.get(port, "/account/%00", Map.of("Accept", BROWSER)), 400, "400 Bad Request");
		assertHtmlPage(http.get(port, "/account/..%2f..%2fetc", Map.of("Accept", BROWSER)), 400, "400 Bad Request");
		// Accept first: Tomcat stops reading headers where they overflow
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Accept", BROWSER);
		headers.put("Cookie", "authstack_session=" + "a".repeat(20_000));
		RawHttp.Response tooLarge = http.get(port, "/", headers);
		assertHtmlPage(tooLarge, 400, "400 Bad Request");
	}

	@Test
	void aFormPostWithoutItsCsrfTokenGetsTheForbiddenPageInABrowserAndProblemJsonOtherwise() {
		String form = "username=a&password=b";
		RawHttp.Response browser = http.send(port, "POST", "/login",
				Map.of("Accept", BROWSER, "Content-Type", "application/x-www-form-urlencoded"), form);
		assertHtmlPage(browser, 403, "403 Forbidden");
		RawHttp.Response other = http.send(port, "POST", "/login",
				Map.of("Content-Type", "application/x-www-form-urlencoded"), form);
		assertProblem(other, 403, "/login");
	}

	@Test
	void aPageRequestOverTheBodyLimitGetsThePageInABrowser() {
		String form = "username=" + "a".repeat(20_000);
		RawHttp.Response browser = http.send(port, "POST", "/login",
				Map.of("Accept", BROWSER, "Content-Type", "application/x-www-form-urlencoded"), form);
		assertHtmlPage(browser, 413, "413 Payload Too Large");
		assertThat(browser.body()).contains("may be at most");
		RawHttp.Response api = http.send(port, "POST", "/api/v1/signup",
				Map.of("Accept", BROWSER, "Content-Type", "application/json"),
				"{\"x\":\"" + "a".repeat(20_000) + "\"}");
		assertProblem(api, 413, "/api/v1/signup");
	}

	@Test
	void everyProblemBodyCarriesTheSameType() {
		Api api = new Api(port);
		String username = Accounts.uniqueName("type");
		List<Api.Response> responses = new ArrayList<>();
		responses.add(api.post("/api/v1/signup", Accounts.signup(username)));
		responses.add(api.post("/api/v1/signup", Accounts.signup(username)));
		responses.add(api.post("/api/v1/signup", Map.of("username", "x")));
		responses.add(api.post("/api/v1/signup", "application/json", "{not json"));
		responses.add(api.post("/api/v1/signup", "text/plain", "hello"));
		responses.add(api.post("/api/v1/login", Map.of("username", username, "password", "wrong password")));
		responses.add(api.get("/api/v1/me"));
		String token = api.login(username, Accounts.PASSWORD);
		responses.add(api.get("/api/v1/users/nobody-" + username, token));
		responses.add(api.get("/api/v1/admin/users", token));
		responses.add(api.send(HttpRequest.newBuilder(api.uri("/api/v1/me/password"))
			.header("Authorization", "Bearer " + token)
			.method("PATCH", HttpRequest.BodyPublishers.noBody())));
		responses.add(api.get("/no-such-page"));
		List<Integer> statuses = responses.stream().map(Api.Response::status).toList();
		assertThat(statuses).containsExactly(201, 409, 400, 400, 415, 401, 401, 404, 403, 405, 404);
		for (Api.Response response : responses.subList(1, responses.size())) {
			assertThat(response.contentType()).as(response.raw().uri().toString())
				.startsWith("application/problem+json");
			assertThat(response.json().get("type").asString()).as(response.body()).isEqualTo("about:blank");
			assertThat(response.json().get("status").asInt()).isEqualTo(response.status());
			assertThat(response.body()).doesNotContain("Exception", "static resource", "org.springframework");
		}
	}

	@Test
	void theFaviconIsServed() throws Exception {
		HttpResponse<byte[]> icon = java.net.http.HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(new Api(port).uri("/favicon.ico")).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		assertThat(icon.statusCode()).isEqualTo(200);
		assertThat(icon.headers().firstValue("Content-Type")).hasValue("image/x-icon");
		// an ICO file: reserved 0, type 1
		assertThat(icon.body()).startsWith(0, 0, 1, 0);
	}

	private static JsonNode assertProblem(RawHttp.Response response, int status, String instance) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("about:blank");
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(problem.get("instance").asString()).isEqualTo(instance);
		assertThat(response.body()).doesNotContain("static resource", "Exception", "Invalid URI", "Tomcat");
		return problem;
	}

	private static void assertHtmlPage(RawHttp.Response response, int status, String heading) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("text/html");
		assertThat(response.body()).startsWith("<!DOCTYPE html>")
			.contains("<h1 id=\"error-title\">" + heading + "</h1>")
			.contains("href=\"/\"")
			.doesNotContain("Tomcat", "Exception", "Invalid URI", "static resource", "\"status\"");
	}

}
