package dev.authstack.system;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI 3 description of the JSON API, served at /v3/api-docs with Swagger UI. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI authstackOpenApi(ObjectProvider<BuildProperties> build) {
		String version = build.getIfAvailable() == null ? "dev" : build.getIfAvailable().getVersion();
		return new OpenAPI()
			.info(new Info().title("authstack API")
				.version(version)
				.description("Signup, login with rotating refresh tokens, sessions, self-service and admin. "
						+ "Errors are RFC 9457 problem details.")
				.license(new License().name("Apache-2.0")))
			.components(new Components().addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

	/**
	 * Groups named for people ("Your account", not springdoc's "me-controller"): every
	 * tag made from a controller's class name, including controllers added later (their
	 * name less "-controller", in words), with a description.
	 */
	@Bean
	OpenApiCustomizer humanTagNames() {
		return openApi -> {
			Map<String, String> renamed = new LinkedHashMap<>();
			if (openApi.getPaths() != null) {
				openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
					if (operation.getTags() != null) {
						operation.setTags(operation.getTags()
							.stream()
							.map(tag -> renamed.computeIfAbsent(tag, OpenApiConfiguration::humanName))
							.distinct()
							.toList());
					}
				}));
			}
			List<Tag> tags = new ArrayList<>();
			renamed.values()
				.stream()
				.distinct()
				.sorted(Comparator.comparingInt(OpenApiConfiguration::order))
				.forEach(name -> tags
					.add(new Tag().name(name).description(TAGS.getOrDefault(name, new String[] { "", "" })[1])));
			openApi.setTags(tags);
		};
	}

	/** Known groups: controller tag → name, description; in this order. */
	private static final Map<String, String[]> TAGS = new LinkedHashMap<>();

	static {
		TAGS.put("Sign up", new String[] { "account-controller", "Create an account; look up a user's profile" });
		TAGS.put("Sign in and tokens", new String[] { "login-controller", "Log in, refresh the token pair, log out" });
		TAGS.put("Your account", new String[] { "me-controller", "Your profile, password and account deletion" });
		TAGS.put("Sessions", new String[] { "session-controller", "Your active sessions; sign one out" });
		TAGS.put("Administration", new String[] { "admin-controller", "Accounts, for admins" });
		TAGS.put("Signing keys", new String[] { "jwks-controller", "Public keys to verify access tokens" });
		TAGS.put("Health", new String[] { "health-controller", "Status of the service and its dependencies" });
	}

	static String humanName(String tag) {
		for (Map.Entry<String, String[]> known : TAGS.entrySet()) {
			if (known.getValue()[0].equals(tag)) {
				return known.getKey();
			}
		}
		String words = tag.replaceFirst("-controller$", "").replace('-', ' ');
		return words.isEmpty() ? tag : Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

	private static int order(String name) {
		int index = new ArrayList<>(TAGS.keySet()).indexOf(name);
		return index < 0 ? Integer.MAX_VALUE : index;
	}

}
