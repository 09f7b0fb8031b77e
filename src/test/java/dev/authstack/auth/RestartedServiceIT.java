package dev.authstack.auth;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.Instances;
import dev.authstack.support.PageClient;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import dev.authstack.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default's shared state lives in the process (no Redis): whatever was
 * refused before the service restarted must stay refused after it, because sessions are
 * decided from PostgreSQL, not from marks kept in memory. One service refuses each token;
 * a second one, on the same database, is asked again.
 */
@ExtendWith(PostgresExtension.class)
class RestartedServiceIT {

	static final String ADMIN = "root-admin";

	static final String ADMIN_PASSWORD = "bootstrap admin password";

	static String database;

	static String signedOutCookie;

	static String disabledAdminToken;

	static String disabledAdmin;

	static String deletedAccountToken;

	static String purgedSessionToken;

	static ConfigurableApplicationContext restarted;

	static Api api;

	@BeforeAll
	static void refuseThenRestart() throws SQLException {
		database = PostgresServer.createDatabase("restarted");
		try (ConfigurableApplicationContext app = start()) {
			int port = Instances.port(app);
			Api before = new Api(port);
			signOutAPageSession(port, before);
			disableAnAdmin(before);
			deleteAnAccount(before);
			purgedSessionToken = before.signupAndLogin(Accounts.uniqueName("purged"), Accounts.PASSWORD);
		}
		try (Connection connection = DriverManager.getConnection(database, PostgresServer.username(), null);
				PreparedStatement purge = connection.prepareStatement("delete from sessions where id = ?")) {
			purge.setObject(1, UUID.fromString(Tokens.sessionId(purgedSessionToken)));
			assertThat(purge.executeUpdate()).isEqualTo(1);
		}
		restarted = start();
		api = new Api(Instances.port(restarted));
	}

	@AfterAll
	static void stop() {
		if (restarted != null) {
			restarted.close();
		}
	}

	static void signOutAPageSession(int port, Api before) {
		String username = Accounts.uniqueName("pagecookie");
		assertThat(before.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
		PageClient browser = new PageClient(port);
		signedOutCookie = browser.signIn(username, Accounts.PASSWORD);
		assertThat(PageClient.getWithCookie(port, "/account", signedOutCookie).statusCode()).isEqualTo(200);
		assertThat(browser.submit("/account", "/logout", Map.of()).statusCode()).isEqualTo(302);
		assertRedirectedToLogin(PageClient.getWithCookie(port, "/account", signedOutCookie));
	}

	static void disableAnAdmin(Api before) {
		disabledAdmin = Accounts.uniqueName("disabledadmin");
		String root = before.login(ADMIN, ADMIN_PASSWORD);
		assertThat(before.post("/api/v1/signup", Accounts.signup(disabledAdmin)).status()).isEqualTo(201);
		assertThat(patch(before, root, disabledAdmin, "{\"roles\":[\"admin\"]}").status()).isEqualTo(200);
		disabledAdminToken = before.login(disabledAdmin, Accounts.PASSWORD);
		assertThat(before.get("/api/v1/admin/users", disabledAdminToken).status()).isEqualTo(200);
		assertThat(patch(before, root, disabledAdmin, "{\"status\":\"disabled\"}").status()).isEqualTo(200);
		assertThat(before.get("/api/v1/admin/users", disabledAdminToken).status()).isEqualTo(401);
	}

	static void deleteAnAccount(Api before) {
		deletedAccountToken = before.signupAndLogin(Accounts.uniqueName("deleted"), Accounts.PASSWORD);
		assertThat(delete(before, deletedAccountToken).status()).isEqualTo(204);
		assertThat(before.get("/api/v1/users/" + ADMIN, deletedAccountToken).status()).isEqualTo(401);
	}

	@Test
	void aSignedOutPageCookieStaysRefusedAfterARestart() {
		assertRedirectedToLogin(PageClient.getWithCookie(Instances.port(restarted), "/account", signedOutCookie));
	}

	@Test
	void aDisabledAdminStaysLockedOutAfterARestart() {
		assertThat(api.get("/api/v1/admin/users", disabledAdminToken).status()).isEqualTo(401);
		assertThat(patch(api, disabledAdminToken, disabledAdmin, "{\"status\":\"active\"}").status()).isEqualTo(401);
	}

	@Test
	void aDeletedAccountsTokenStaysRefusedAfterARestart() {
		assertThat(api.get("/api/v1/users/" + ADMIN, deletedAccountToken).status()).isEqualTo(401);
		assertThat(api.get("/api/v1/me", deletedAccountToken).status()).isEqualTo(401);
	}

	@Test
	void aSessionWhoseRowIsGoneCountsAsRevoked() {
		assertThat(api.get("/api/v1/me", purgedSessionToken).status()).isEqualTo(401);
	}

	@Test
	void aDemotedAdminLosesAdminOnItsNextRequest() {
		String username = Accounts.uniqueName("demoted");
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

	private static ConfigurableApplicationContext start() {
		return Instances.start("--auth.db.url=" + database, "--auth.db.username=" + PostgresServer.username(),
				"--auth.bootstrap-admin.username=" + ADMIN, "--auth.bootstrap-admin.password=" + ADMIN_PASSWORD);
	}

	static void assertRedirectedToLogin(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElse("")).endsWith("/login");
	}

	static Api.Response patch(Api api, String token, String username, String json) {
		return api.send("PATCH", "/api/v1/admin/users/" + username, token, json);
	}

	static Api.Response delete(Api api, String token) {
		return api.send("DELETE", "/api/v1/me", token, Map.of("password", Accounts.PASSWORD));
	}

}
