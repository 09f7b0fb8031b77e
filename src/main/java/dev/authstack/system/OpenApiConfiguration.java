package dev.authstack.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

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

}
