package dev.authstack.security;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.authstack.support.ModuleBeans;
import dev.authstack.support.ModuleTestSettings;
import dev.authstack.support.NoDatabase;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.BDDMockito.willThrow;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The {@code security} module alone ({@code system}, its one declared dependency, it uses
 * for types, no bean). Its chains need two beans it does not own, both from {@code auth},
 * which depends on {@code security} and not the reverse (so Modulith sees neither): the
 * {@link JwtDecoder} that verifies tokens with the signing keys, and the
 * {@link LiveSessions} allow-list (an interface of this module that {@code auth}
 * implements). Here they are mocks; the routes are a stand-in for the features'
 * controllers.
 */
@ApplicationModuleTest(mode = BootstrapMode.STANDALONE)
@ModuleTestSettings
@ContextConfiguration(initializers = NoDatabase.class)
@AutoConfigureMockMvc
class SecurityModuleTests {

	private static final UUID SESSION = UUID.randomUUID();

	/**
	 * auth's: TokenConfiguration verifies tokens against SigningKeys. Both chains use it.
	 */
	@MockitoBean
	JwtDecoder decoder;

	/**
	 * auth's: SessionStates answers whether a token's session is alive, and with whose
	 * roles.
	 */
	@MockitoBean
	LiveSessions sessions;

	@Autowired
	ApplicationContext context;

	@Autowired
	MockMvc mvc;

	@Autowired
	WebSessionProperties web;

	@BeforeEach
	void tokens() {
		willThrow(new BadJwtException("forged")).given(decoder).decode(anyString());
		willReturn(token(TokenClaims.API_TOKEN_TYPE)).given(decoder).decode("api-token");
		willReturn(token(TokenClaims.PAGE_TOKEN_TYPE)).given(decoder).decode("page-token");
		given(sessions.find(SESSION)).willReturn(Optional.of(new LiveSession(7, "alice", Set.of("user"))));
	}

	@Test
	void startsOnItsOwn() {
		assertThat(ModuleBeans.in(context)).containsExactly("security");
		assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("apiChain", "pageChain");
	}

	@Test
	void apiTakesAnApiTokenOfALiveSession() throws Exception {
		var response = mvc.perform(get("/api/v1/whoami").header("Authorization", "Bearer api-token"))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).isEqualTo("alice");
	}

	@Test
	void apiRefusesAPageTokenAndNoToken() throws Exception {
		assertThat(mvc.perform(get("/api/v1/whoami").header("Authorization", "Bearer page-token"))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(401);
		var anonymous = mvc.perform(get("/api/v1/whoami")).andReturn().getResponse();
		assertThat(anonymous.getStatus()).isEqualTo(401);
		assertThat(anonymous.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(anonymous.getContentType()).startsWith("application/problem+json");
	}

	@Test
	void apiRefusesATokenWhoseSessionEnded() throws Exception {
		given(sessions.find(SESSION)).willReturn(Optional.empty());
		assertThat(mvc.perform(get("/api/v1/whoami").header("Authorization", "Bearer api-token"))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(401);
	}

	@Test
	void pagesTakeAPageTokenFromTheCookie() throws Exception {
		var signedIn = mvc.perform(get("/account/whoami").cookie(new Cookie(web.cookieName(), "page-token")))
			.andReturn()
			.getResponse();
		assertThat(signedIn.getStatus()).isEqualTo(200);
		assertThat(signedIn.getContentAsString()).isEqualTo("alice");
		// an API token in the cookie reads as signed out: to the login page
		var apiToken = mvc.perform(get("/account/whoami").cookie(new Cookie(web.cookieName(), "api-token")))
			.andReturn()
			.getResponse();
		assertThat(apiToken.getStatus()).isEqualTo(302);
		assertThat(apiToken.getRedirectedUrl()).endsWith("/login");
	}

	private static Jwt token(String type) {
		Instant now = Instant.now();
		return Jwt.withTokenValue(type)
			.header("alg", "RS256")
			.header("typ", type)
			.subject("7")
			.claims(claims -> claims.putAll(Map.of(TokenClaims.SESSION_ID, SESSION.toString())))
			.issuedAt(now)
			.expiresAt(now.plusSeconds(60))
			.build();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Routes {

		@Bean
		WhoAmI whoAmI() {
			return new WhoAmI();
		}

	}

	/**
	 * A feature's controllers stand-in: one route behind each chain, answering who the
	 * caller is.
	 */
	@RestController
	static class WhoAmI {

		@GetMapping({ "/api/v1/whoami", "/account/whoami" })
		String whoAmI(Caller caller) {
			return caller.username();
		}

	}

}
