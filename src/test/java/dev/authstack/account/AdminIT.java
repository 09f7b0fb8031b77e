package dev.authstack.account;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
@TestPropertySource(properties = { "auth.bootstrap-admin.username=root-admin",
		"auth.bootstrap-admin.password=bootstrap admin password" })
class AdminIT extends RealDatabase {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api api;

	String admin;

	@BeforeEach
	void setUp() {
		api = new Api(port);
		admin = api.login("root-admin", "bootstrap admin password");
	}

	@Test
	void theBootstrapAdminHasTheAdminRole() {
		JsonNode me = api.get("/api/v1/me", admin).json();
		assertThat(me.get("roles").toString()).contains("admin");
	}

	@Test
	void listsUsersByPrefixInPages() {
		String prefix = Accounts.uniqueName("pfx");
		for (int i = 0; i < 3; i++) {
			assertThat(api.post("/api/v1/signup", Accounts.signup(prefix + "_" + i)).status()).isEqualTo(201);
		}
		JsonNode page = api.get("/api/v1/admin/users?q=" + prefix + "&size=2", admin).json();

		assertThat(page.get("total_items").asLong()).isEqualTo(3);
		assertThat(page.get("items")).hasSize(2);
		assertThat(page.get("items").get(0).get("username").asString()).isEqualTo(prefix + "_0");
		assertThat(page.get("items").get(0).has("password")).isFalse();
		assertThat(api.get("/api/v1/admin/users?q=" + prefix + "&page=1&size=2", admin).json().get("items")).hasSize(1);
	}

	@Test
	void usersAreForbiddenAndAnonymousUnauthorized() {
		String user = api.signupAndLogin(Accounts.uniqueName("plain"), Accounts.PASSWORD);
		assertThat(api.get("/api/v1/admin/users", user).status()).isEqualTo(403);
		assertThat(api.get("/api/v1/admin/users").status()).isEqualTo(401);
	}

	@Test
	void disablingEndsSessionsAtOnceAndBlocksLoginUntilEnabled() {
		String name = Accounts.uniqueName("victim");
		String token = api.signupAndLogin(name, Accounts.PASSWORD);
		assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);

		Api.Response disabled = patch(name, Map.of("status", "disabled"));
		assertThat(disabled.status()).isEqualTo(200);
		assertThat(disabled.json().get("status").asString()).isEqualTo("disabled");

		assertThat(api.get("/api/v1/me", token).status()).isEqualTo(401);
		assertThat(api.post("/api/v1/login", Map.of("username", name, "password", Accounts.PASSWORD)).status())
			.isEqualTo(401);

		assertThat(patch(name, Map.of("status", "active")).status()).isEqualTo(200);
		assertThat(api.login(name, Accounts.PASSWORD)).isNotBlank();
		assertThat(jdbc.queryForObject(
				"select count(*) from audit_events where action = 'admin_update' and actor = 'root-admin' and target = ?",
				Long.class, name))
			.isEqualTo(2);
	}

	@Test
	void grantsRolesAndRejectsBadInput() {
		String name = Accounts.uniqueName("promo");
		assertThat(api.post("/api/v1/signup", Accounts.signup(name)).status()).isEqualTo(201);

		Api.Response promoted = patch(name, Map.of("roles", List.of("admin")));
		assertThat(promoted.json().get("roles").toString()).contains("admin").contains("user");
		String promotedToken = api.login(name, Accounts.PASSWORD);
		assertThat(api.get("/api/v1/admin/users", promotedToken).status()).isEqualTo(200);

		assertThat(patch(name, Map.of("status", "gone")).status()).isEqualTo(400);
		assertThat(patch(Accounts.uniqueName("missing"), Map.of("status", "active")).status()).isEqualTo(404);
	}

	private Api.Response patch(String username, Map<String, Object> body) {
		return api.send(HttpRequest.newBuilder(api.uri("/api/v1/admin/users/" + username))
			.header("Authorization", "Bearer " + admin)
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(Api.toJson(body))));
	}

}
