package dev.authstack.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed's health route: the state of each dependency, 503 when one the service cannot
 * work without is down. Each is a {@link DependencyCheck} of the module that owns it
 * ("db" from {@code database}, first; "redis" from {@code store.redis}). Liveness and
 * readiness for orchestrators are at /livez and /readyz.
 */
@RestController
class HealthController {

	private final List<DependencyCheck> checks;

	HealthController(List<DependencyCheck> checks) {
		this.checks = checks;
	}

	@GetMapping("/api/v1/health")
	ResponseEntity<Map<String, Object>> health() {
		Map<String, Object> components = new LinkedHashMap<>();
		boolean up = true;
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

}
