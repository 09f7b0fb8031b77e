package dev.authstack.ratelimit;

import dev.authstack.support.ModuleBeans;
import dev.authstack.support.ModuleTestSettings;
import dev.authstack.support.NoDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The {@code ratelimit} module and the one bean it needs of another: {@code store}'s
 * {@code RateLimitBuckets} (shared through Redis when configured). It reaches the limiter
 * as a parameter of a {@code @Bean} method, which Modulith does not count as a dependency
 * to bootstrap ({@code DIRECT_DEPENDENCIES} would start without it), so {@code store} is
 * included by name. Refusals are written with {@code system}'s problem responses, a type,
 * no bean. No route is needed: the limiter answers before any.
 */
@ApplicationModuleTest(mode = BootstrapMode.STANDALONE, extraIncludes = "store")
@ModuleTestSettings
@ContextConfiguration(initializers = NoDatabase.class)
@AutoConfigureMockMvc
@TestPropertySource(properties = { "auth.rate-limit.enabled=true", "auth.rate-limit.login.rate=1r/m",
		"auth.rate-limit.login.burst=2" })
class RateLimitModuleTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	MockMvc mvc;

	@Test
	void startsWithStoreOnly() {
		assertThat(ModuleBeans.in(context)).containsExactly("ratelimit", "store");
	}

	@Test
	void refusesLoginsBeyondTheBurst() throws Exception {
		// the rate's one request and the burst's two pass on to whatever answers them
		for (int i = 0; i < 3; i++) {
			assertThat(mvc.perform(post("/api/v1/login").with(address("198.51.100.7")))
				.andReturn()
				.getResponse()
				.getStatus()).isNotEqualTo(429);
		}
		var refused = mvc.perform(post("/api/v1/login").with(address("198.51.100.7"))).andReturn().getResponse();
		assertThat(refused.getStatus()).isEqualTo(429);
		assertThat(refused.getHeader("Retry-After")).isNotBlank();
		assertThat(refused.getContentType()).startsWith("application/problem+json");
		// per address: another client is not refused
		assertThat(
				mvc.perform(post("/api/v1/login").with(address("198.51.100.8"))).andReturn().getResponse().getStatus())
			.isNotEqualTo(429);
	}

	private static RequestPostProcessor address(String ip) {
		return request -> {
			request.setRemoteAddr(ip);
			return request;
		};
	}

}
