package dev.authstack.support;

import java.util.ArrayList;
import java.util.List;

import dev.authstack.AuthApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Service instances of a test's own (replicas, restarts), on random ports, under the test
 * profile. {@code main(AuthApplication.class)}: with {@code -Dspring.aot.enabled=true}
 * (README, "Tests") the start then uses the build's AOT initializer, which Spring finds
 * by the main class's name.
 */
public final class Instances {

	private Instances() {
	}

	public static ConfigurableApplicationContext start(String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0"));
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(AuthApplication.class).main(AuthApplication.class)
			.profiles("test")
			.run(all.toArray(String[]::new));
	}

	public static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

}
