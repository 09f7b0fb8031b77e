package dev.authstack;

import java.util.Arrays;

import dev.authstack.migration.MigrationCli;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthApplication {

	/** Put into the packaged jar by the build, next to the code Spring AOT generated for it (pom.xml). */
	static final String AOT_MARKER = "aot-processed";

	/** {@code java -jar auth.jar db COMMAND} is the migration tool: no Spring context, no web server. */
	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("db")) {
			MigrationCli.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		startAheadOfTimeWhenPackaged();
		SpringApplication.run(AuthApplication.class, args);
	}

	/**
	 * The packaged jar starts from the bean definitions generated at build time (Spring AOT);
	 * {@code -Dspring.aot.enabled=false} starts it the classic way.
	 * target/classes never has the marker, since its generated code may be older than its classes.
	 */
	static void startAheadOfTimeWhenPackaged() {
		if (System.getProperty("spring.aot.enabled") == null
				&& AuthApplication.class.getResource(AOT_MARKER) != null) {
			System.setProperty("spring.aot.enabled", "true");
		}
	}

}
