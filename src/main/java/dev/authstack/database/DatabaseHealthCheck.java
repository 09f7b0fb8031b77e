package dev.authstack.database;

import java.sql.Connection;

import javax.sql.DataSource;

import dev.authstack.system.DependencyCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * "db" on the health route, first of its components: a valid connection within 2 s.
 * Critical, so the service is DOWN without it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseHealthCheck implements DependencyCheck {

	private static final Logger log = LoggerFactory.getLogger(DatabaseHealthCheck.class);

	private final DataSource dataSource;

	DatabaseHealthCheck(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public String name() {
		return "db";
	}

	@Override
	public boolean up() {
		try (Connection connection = dataSource.getConnection()) {
			return connection.isValid(2);
		}
		catch (Exception ex) {
			log.warn("Database health check failed: {}", ex.getClass().getSimpleName());
			return false;
		}
	}

	@Override
	public boolean critical() {
		return true;
	}

}
