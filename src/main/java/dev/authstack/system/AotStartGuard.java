package dev.authstack.system;

import java.util.List;

import org.apache.commons.logging.Log;

import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.SpringProperties;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A start from Spring AOT's generated code ({@code -Dspring.aot.enabled=true}, the
 * image's default) goes ahead only if every setting the build's context was decided with
 * has the build's value here ({@link AotBuildSettings}); otherwise this start runs the
 * classic way (configuration classes parsed, conditions evaluated), with a warning that
 * names the settings. At build time ({@code process-aot}) it puts the
 * {@link AotBuildSettings.Recorder} in front of the environment instead.
 * <p>
 * Runs last among the environment post-processors, when the environment is complete
 * (profiles, application.yml, *_FILE secrets) and before the context is created: Spring
 * Boot asks {@link AotDetector} only after this, when it picks the context and the
 * Logback configuration.
 */
public class AotStartGuard implements EnvironmentPostProcessor, Ordered {

	/** Set by Spring's AOT processor while it processes the application at build time. */
	static final String AOT_PROCESSING = "spring.aot.processing";

	private final Log log;

	public AotStartGuard(DeferredLogFactory logs) {
		this.log = logs.getLog(AotStartGuard.class);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (Boolean.getBoolean(AOT_PROCESSING)) {
			environment.getPropertySources().addFirst(new AotBuildSettings.Recorder());
			return;
		}
		if (!AotDetector.useGeneratedArtifacts()) {
			return;
		}
		ClassLoader classLoader = application.getClassLoader();
		AotBuildSettings build = AotBuildSettings.load(classLoader);
		if (build == null) {
			log.warn("Spring AOT is on but this jar holds no " + AotBuildSettings.RESOURCE
					+ ": starting the classic way (rebuild the jar with the process-aot goal)");
			classicStart();
			return;
		}
		List<String> differences = build.differences(environment);
		if (differences.isEmpty()) {
			log.info("Spring AOT: the " + build.size() + " settings the build decided with are unchanged");
			return;
		}
		log.warn("Spring AOT is on, but " + differences.size() + " setting(s) differ from the build's, which "
				+ "its generated code has fixed: " + String.join(", ", differences) + ". Starting the classic way "
				+ "(slower, same service); set -Dspring.aot.enabled=false to say so, or build the image with "
				+ "these settings");
		classicStart();
	}

	private static void classicStart() {
		// SpringProperties wins over a -Dspring.aot.enabled=true system property
		SpringProperties.setProperty(AotDetector.AOT_ENABLED, "false");
	}

}
