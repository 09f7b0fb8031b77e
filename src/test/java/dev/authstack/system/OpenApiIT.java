package dev.authstack.system;

import java.util.Set;
import java.util.TreeSet;

import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document describes exactly the JSON routes the application serves. */
@IntegrationTest
class OpenApiIT extends RealDatabase {

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void documentListsEveryApiRouteAndNoOther() {
		Set<String> served = new TreeSet<>();
		mappings.getHandlerMethods().forEach((info, method) -> {
			for (String path : info.getPatternValues()) {
				if (path.startsWith("/api/") || path.startsWith("/.well-known/")) {
					info.getMethodsCondition().getMethods().forEach(verb -> served.add(verb.name() + " " + path));
				}
			}
		});

		Api.Response response = new Api(port).get("/v3/api-docs");
		assertThat(response.status()).isEqualTo(200);
		JsonNode document = response.json();
		Set<String> documented = new TreeSet<>();
		document.get("paths")
			.properties()
			.forEach(path -> path.getValue()
				.propertyNames()
				.forEach(verb -> documented.add(verb.toUpperCase() + " " + path.getKey())));

		assertThat(served).contains("POST /api/v1/signup", "POST /api/v1/login", "POST /api/v1/token/refresh",
				"GET /api/v1/users/{username}", "GET /.well-known/jwks.json");
		assertThat(documented).isEqualTo(served);
		assertThat(document.get("openapi").asString()).startsWith("3.");
	}

	@Test
	void groupsHaveNamesForPeople() {
		JsonNode document = new Api(port).get("/v3/api-docs").json();
		java.util.List<String> tags = document.get("tags")
			.valueStream()
			.map(tag -> tag.get("name").asString())
			.toList();
		assertThat(tags)
			.contains("Sign up", "Sign in and tokens", "Your account", "Sessions", "Administration", "Signing keys",
					"Health")
			.noneMatch(tag -> tag.contains("controller"));
		document.get("paths")
			.properties()
			.forEach(path -> path.getValue()
				.properties()
				.forEach(operation -> assertThat(
						operation.getValue().get("tags").valueStream().map(JsonNode::asString).toList())
					.as(path.getKey())
					.isNotEmpty()
					.allMatch(tags::contains)));
	}

	@Test
	void swaggerUiIsServed() {
		Api.Response ui = new Api(port).get("/swagger-ui/index.html");
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger");
	}

}
