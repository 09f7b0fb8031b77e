package dev.authstack.auth;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.Instances;
import dev.authstack.support.PageClient;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import dev.authstack.support.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default's shared state lives in the process (no Redis): whatever was refused
 * before the service restarted must stay refused after it, because sessions are decided from
 * PostgreSQL, not from marks kept in memory.
 */
@ExtendWith(PostgresExtension.class)
class RestartedServiceIT {

	static final String ADMIN = "root-admin";

	static final String ADMIN_PASSWORD = "bootstrap admin password";

	static String database;

	@BeforeAll
	static void database() {
		database = PostgresServer.createDatabase("restarted");
	}

	@Test
	void aSignedOutPageCookieStaysRefusedAfterARestart() {
		String username = Accounts.uniqueName("pagecookie");
		String cookie;
		try (ConfigurableApplicationContext app = start()) {
			int port = Instances.port(app);
			assertThat(new Api(port).post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
			PageClient browser = new PageClient(port);
			cookie = browser.signIn(username, Accounts.PASSWORD);
			assertThat(PageClient.getWithCookie(port, "/account", cookie).statusCode()).isEqualTo(200);

			assertThat(browser.submit("/account", "/logout", Map.of()).statusCode()).isEqualTo(302);
			assertRedirectedToLogin(PageClient.getWithCookie(port, "/account", cookie));
		}
		try (ConfigurableApplicationContext app = start()) {
			assertRedirectedToLogin(PageClient.getWithCookie(Instances.port(app), "/account", cookie));
		}
	}

	@Test
	void aDisabledAdminStaysLockedOutAfterARestart() {
		String username = Accounts.uniqueName("disabledadmin");
		String token;
		try (ConfigurableApplicationContext app = start()) {
			Api api = new Api(Instances.port(app));
			String root = api.login(ADMIN, ADMIN_PASSWORD);
			assertThat(api.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
			assertThat(patch(api, root, username, "{\"roles\":[\"admin\"]}").status()).isEqualTo(200);
			token = api.login(username, Accounts.PASSWORD);
			assertThat(api.get("/api/v1/admin/users", token).status()).isEqualTo(200);

			assertThat(patch(api, root, username, "{\"status\":\"disabled\"}").status()).isEqualTo(200);
			assertThat(api.get("/api/v1/admin/users", token).status()).isEqualTo(401);
		}
		try (ConfigurableApplicationContext app = start()) {
			Api api = new Api(Instances.port(app));
			assertThat(api.get("/api/v1/admin/users", token).status()).isEqualTo(401);
			assertThat(patch(api, token, username, "{\"status\":\"active\"}").status()).isEqualTo(401);
		}
	}

	@Test
	void aDeletedAccountsTokenStaysRefusedAfterARestart() {
		String username = Accounts.uniqueName("deleted");
		String token;
		try (ConfigurableApplicationContext app = start()) {
			Api api = new Api(Instances.port(app));
			token = api.signupAndLogin(username, Accounts.PASSWORD);
			assertThat(delete(api, token).status()).isEqualTo(204);
			assertThat(api.get("/api/v1/users/" + ADMIN, token).status()).isEqualTo(401);
		}
		try (ConfigurableApplicationContext app = start()) {
			Api api = new Api(Instances.port(app));
			assertThat(api.get("/api/v1/users/" + ADMIN, token).status()).isEqualTo(401);
			assertThat(api.get("/api/v1/me", token).status()).isEqualTo(401);
		}
	}

	@Test
	void aDemotedAdminLosesAdminOnItsNextRequest() {
		String username = Accounts.uniqueName("demoted");
		try (ConfigurableApplicationContext app = start()) {
			Api api = new Api(Instances.port(app));
			String root = api.login(ADMIN, ADMIN_PASSWORD);
			assertThat(api.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
			assertThat(patch(api, root, username, "{\"roles\":[\"admin\"]}").status()).isEqualTo(200);
			String token = api.login(username, Accounts.PASSWORD);
			assertThat(api.get("/api/v1/admin/users", token).status()).isEqualTo(200);

			assertThat(patch(api, root, username, "{\"roles\":[\"user\"]}").status()).isEqualTo(200);

			assertThat(api.get("/api/v1/admin/users", token).status()).isEqualTo(403);
			assertThat(patch(api, token, username, "{\"roles\":[\"admin\"]}").status()).isEqualTo(403);
			assertThat(patch(api, token, ADMIN, "{\"status\":\"disabled\"}").status()).isEqualTo(403);
			// still signed in as a user: the demotion ends the admin role, not the session
			assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
			assertThat(api.get("/api/v1/me", root).json().get("status").asString()).isEqualTo("active");
		}
	}

	@Test
	void aSessionWhoseRowIsGoneCountsAsRevoked() throws Exception {
		String username = Accounts.uniqueName("purged");
		String token;
		try (ConfigurableApplicationContext app = start()) {
			token = new Api(Instances.port(app)).signupAndLogin(username, Accounts.PASSWORD);
		}
		try (Connection connection = DriverManager.getConnection(database, PostgresServer.username(), null);
				PreparedStatement purge = connection.prepareStatement("delete from sessions where id = ?")) {
			purge.setObject(1, UUID.fromString(Tokens.sessionId(token)));
			assertThat(purge.executeUpdate()).isEqualTo(1);
		}
		try (ConfigurableApplicationContext app = start()) {
			assertThat(new Api(Instances.port(app)).get("/api/v1/me", token).status()).isEqualTo(401);
		}
	}

	private static ConfigurableApplicationContext start() {
		return Instances.start("--auth.db.url=" + database, "--auth.db.username=" + PostgresServer.username(),
				"--auth.bootstrap-admin.username=" + ADMIN, "--auth.bootstrap-admin.password=" + ADMIN_PASSWORD);
	}

	static void assertRedirectedToLogin(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElse("")).endsWith("/login");
	}

	static Api.Response patch(Api api, String token, String username, String json) {
		return api.send(HttpRequest.newBuilder(api.uri("/api/v1/admin/users/" + username))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
	}

	static Api.Response delete(Api api, String token) {
		return api.send(HttpRequest.newBuilder(api.uri("/api/v1/me"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method("DELETE", HttpRequest.BodyPublishers.ofString(Api.toJson(Map.of("password", Accounts.PASSWORD)))));
	}

	static List<Integer> statuses(List<Api.Response> responses) {
		return responses.stream().map(Api.Response::status).toList();
	}

}
