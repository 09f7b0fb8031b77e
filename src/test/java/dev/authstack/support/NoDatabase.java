package dev.authstack.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * For a module test without the {@code database} module: Spring Boot's data source is
 * excluded too (beside the application's own exclusions, kept), so JDBC, JPA and Flyway
 * back off with it, and the readiness group is not held to its {@code db} member. Use
 * with {@code @ContextConfiguration(initializers = NoDatabase.class)}.
 */
public class NoDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final String EXCLUDE = "spring.autoconfigure.exclude";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		List<String> excluded = new ArrayList<>(
				Binder.get(environment).bind(EXCLUDE, Bindable.listOf(String.class)).orElse(List.of()));
		excluded.add(DataSourceAutoConfiguration.class.getName());
		environment.getPropertySources()
			.addFirst(new MapPropertySource("noDatabase", Map.of(EXCLUDE, String.join(",", excluded),
					"management.endpoint.health.validate-group-membership", "false")));
	}

}
