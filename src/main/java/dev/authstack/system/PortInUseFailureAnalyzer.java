package dev.authstack.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * A port already taken, with the setting that moves it: the service listens on two ports
 * (the API and pages, and Actuator's management port), and Spring Boot's message names
 * neither.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortInUseFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> {

	private final Environment environment;

	PortInUseFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
		int port = cause.getPort();
		boolean management = String.valueOf(port).equals(environment.getProperty("management.server.port"))
				&& !String.valueOf(port).equals(environment.getProperty("server.port"));
		String property = management ? "management.server.port" : "server.port";
		String variable = SettingNames.variable(environment, property, null);
		String what = management ? "the management port (Actuator: health, metrics)" : "the HTTP port (API and pages)";
		int suggestion = port < 55535 ? port + 10000 : port - 10000;
		return new FailureAnalysis(
				"Port " + port + " is already in use by another process; the service needs it as " + what + ".",
				"Stop the process listening on port " + port + " (ss -ltnp 'sport = :" + port + "' names it), or "
						+ "choose another port, e.g. " + variable + "=" + suggestion + " ./mvnw spring-boot:run",
				cause);
	}

}
