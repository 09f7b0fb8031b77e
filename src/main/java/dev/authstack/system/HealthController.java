package dev.authstack.system;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed's health route: the state of each dependency, 503 when one the service cannot work
 * without is down. Liveness and readiness for orchestrators are at /livez and /readyz.
 */
@RestController
class HealthController {

	private static final Logger log = LoggerFactory.getLogger(HealthController.class);

	private final DataSource dataSource;

	private final List<DependencyCheck> checks;

	HealthController(DataSource dataSource, List<DependencyCheck> checks) {
		this.dataSource = dataSource;
		this.checks = checks;
	}

	@GetMapping("/api/v1/health")
	ResponseEntity<Map<String, Object>> health() {
		Map<String, Object> components = new LinkedHashMap<>();
		boolean up = database();
		components.put("db", Map.of("status", up ? "UP" : "DOWN"));
		for (DependencyCheck check : checks) {
			boolean ok = check.up();
			components.put(check.name(), Map.of("status", ok ? "UP" : "DOWN"));
			up &= ok || !check.critical();
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", up ? "UP" : "DOWN");
		body.put("components", components);
		return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
	}

	private boolean database() {
		try (Connection connection = dataSource.getConnection()) {
			return connection.isValid(2);
		}
		catch (Exception ex) {
			log.warn("Database health check failed: {}", ex.getClass().getSimpleName());
			return false;
		}
	}

}
