package dev.authstack.system;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.authstack.support.ModuleBeans;
import dev.authstack.support.ModuleTestSettings;
import dev.authstack.support.NoDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The {@code system} module alone: it needs no bean of any module. What the health route
 * reports comes from the modules that own each dependency, as {@link DependencyCheck}
 * beans ({@code db} from {@code database}, {@code redis} from {@code store.redis}); here
 * two stand-ins. In the application {@code security}'s chains guard these routes; here
 * one open chain stands in for them.
 */
@ApplicationModuleTest(mode = BootstrapMode.STANDALONE)
@ModuleTestSettings
@ContextConfiguration(initializers = NoDatabase.class)
@AutoConfigureMockMvc
class SystemModuleTests {

	static final AtomicBoolean primaryUp = new AtomicBoolean(true);

	@Autowired
	ApplicationContext context;

	@Autowired
	MockMvc mvc;

	@AfterEach
	void primaryBack() {
		primaryUp.set(true);
	}

	@Test
	void startsOnItsOwn() {
		assertThat(ModuleBeans.in(context)).containsExactly("system");
	}

	@Test
	void healthListsEachModulesCheckInOrder() throws Exception {
		var response = mvc.perform(get("/api/v1/health")).andReturn().getResponse();
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).isEqualTo(
				"{\"status\":\"UP\",\"components\":{\"primary\":{\"status\":\"UP\"},\"cache\":{\"status\":\"DOWN\"}}}");
	}

	@Test
	void healthIsDownWithoutACriticalDependency() throws Exception {
		primaryUp.set(false);
		var response = mvc.perform(get("/api/v1/health")).andReturn().getResponse();
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getContentAsString()).startsWith("{\"status\":\"DOWN\"");
	}

	@Test
	void everyResponseCarriesARequestId() throws Exception {
		assertThat(mvc.perform(get("/api/v1/health").header("X-Request-ID", "edge-42"))
			.andReturn()
			.getResponse()
			.getHeader("X-Request-ID")).isEqualTo("edge-42");
		assertThat(mvc.perform(get("/api/v1/health").header("X-Request-ID", "no spaces, please"))
			.andReturn()
			.getResponse()
			.getHeader("X-Request-ID")).matches("[0-9a-f-]{36}");
	}

	@Test
	void domainExceptionsBecomeProblemDetails() throws Exception {
		var response = mvc.perform(get("/api/v1/teapot")).andReturn().getResponse();
		assertThat(response.getStatus()).isEqualTo(418);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"title\":\"Teapot\"", "\"detail\":\"Short and stout\"");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class StandIns {

		/** As database's "db": critical, first. */
		@Bean
		@Order(1)
		DependencyCheck primary() {
			return check("primary", true, primaryUp::get);
		}

		/** As store.redis's "redis": not critical. */
		@Bean
		@Order(2)
		DependencyCheck cache() {
			return check("cache", false, () -> false);
		}

		/** security's chains stand-in: every route open. */
		@Bean
		SecurityFilterChain open(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
				.csrf(csrf -> csrf.disable())
				.build();
		}

		@Bean
		Teapot teapot() {
			return new Teapot();
		}

		private static DependencyCheck check(String name, boolean critical, java.util.function.BooleanSupplier up) {
			return new DependencyCheck() {

				@Override
				public String name() {
					return name;
				}

				@Override
				public boolean up() {
					return up.getAsBoolean();
				}

				@Override
				public boolean critical() {
					return critical;
				}

			};
		}

	}

	/** A feature's stand-in: its route fails with a domain exception. */
	@RestController
	static class Teapot {

		@GetMapping("/api/v1/teapot")
		String brew() {
			throw new DomainException(HttpStatus.I_AM_A_TEAPOT, "Teapot", "Short and stout") {
			};
		}

	}

}
