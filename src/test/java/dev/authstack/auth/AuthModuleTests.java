package dev.authstack.auth;

import java.util.Map;

import dev.authstack.account.AccountService;
import dev.authstack.account.SignupRequest;
import dev.authstack.mail.MailLinks;
import dev.authstack.mail.Outbox;
import dev.authstack.support.Accounts;
import dev.authstack.support.ModuleBeans;
import dev.authstack.support.ModuleTestSettings;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The {@code auth} module with its direct dependencies ({@code account}, {@code audit},
 * {@code database}, {@code password}, {@code store}) and two modules included by name,
 * whose beans it needs through no type Modulith could follow: {@code security}, whose
 * chains take the two beans auth provides (the {@code JwtDecoder} and the
 * {@code LiveSessions} allow-list), so a token auth issues is taken, and refused once its
 * session ends, by the real chains; and {@code system}, whose problem-details advice
 * turns auth's exceptions into 401s. {@code mail} stays out: auth sends no mail itself;
 * the two beans of it that {@code account}'s beans need are mocked, and account's mail
 * flows are off (with no transport account refuses to start while they are on).
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES, extraIncludes = { "security", "system" })
@ModuleTestSettings
@ExtendWith(PostgresExtension.class)
@AutoConfigureMockMvc
@TestPropertySource(properties = { "auth.email.verification=off", "auth.email.password-reset=false" })
@DirtiesContext // closed before the test PostgreSQL stops
class AuthModuleTests extends RealDatabase {

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * mail's: account's mail flows (verification, reset, email change) queue their
	 * messages there.
	 */
	@MockitoBean
	Outbox outbox;

	/** mail's: account's mail composers build their links with it. */
	@MockitoBean
	MailLinks links;

	@Autowired
	ApplicationContext context;

	@Autowired
	AccountService accounts;

	@Autowired
	MockMvc mvc;

	@Test
	void startsWithItsDirectDependenciesSecurityAndSystem() {
		assertThat(ModuleBeans.in(context)).containsExactly("account", "audit", "auth", "database", "password",
				"security", "store", "system");
	}

	@Test
	void issuesTokensTheSecurityChainTakesUntilLogout() throws Exception {
		String username = Accounts.uniqueName("auth");
		accounts.signup(new SignupRequest(username, username + "@example.com", Accounts.PASSWORD, null, null, null,
				null, null, null));
		var login = mvc
			.perform(post("/api/v1/login").contentType(MediaType.APPLICATION_JSON)
				.content(json.writeValueAsString(Map.of("username", username, "password", Accounts.PASSWORD))))
			.andReturn()
			.getResponse();
		assertThat(login.getStatus()).isEqualTo(200);
		String bearer = "Bearer " + json.readTree(login.getContentAsString()).get("access_token").asString();

		assertThat(mvc.perform(get("/api/v1/me/sessions").header("Authorization", bearer))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(200);
		assertThat(mvc.perform(post("/api/v1/logout").header("Authorization", bearer))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(204);
		assertThat(mvc.perform(get("/api/v1/me/sessions").header("Authorization", bearer))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(401);
	}

	@Test
	void refusesAWrongPasswordLikeAnUnknownName() throws Exception {
		String username = Accounts.uniqueName("auth");
		accounts.signup(new SignupRequest(username, username + "@example.com", Accounts.PASSWORD, null, null, null,
				null, null, null));
		var wrong = mvc
			.perform(post("/api/v1/login").contentType(MediaType.APPLICATION_JSON)
				.content(json.writeValueAsString(Map.of("username", username, "password", "not it at all"))))
			.andReturn()
			.getResponse();
		var unknown = mvc
			.perform(post("/api/v1/login").contentType(MediaType.APPLICATION_JSON)
				.content(json.writeValueAsString(Map.of("username", username + "x", "password", "not it at all"))))
			.andReturn()
			.getResponse();
		assertThat(wrong.getStatus()).isEqualTo(401);
		assertThat(unknown.getStatus()).isEqualTo(401);
		assertThat(wrong.getContentAsString()).isEqualTo(unknown.getContentAsString());
	}

}
