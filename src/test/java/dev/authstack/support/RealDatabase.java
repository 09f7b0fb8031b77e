package dev.authstack.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Points the application under test at the shared test PostgreSQL. */
public abstract class RealDatabase {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("auth.db.url", PostgresServer::jdbcUrl);
		registry.add("auth.db.username", PostgresServer::username);
	}

}
