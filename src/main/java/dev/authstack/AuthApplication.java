package dev.authstack;

import java.util.Arrays;

import dev.authstack.migration.MigrationCli;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthApplication {

	/**
	 * {@code java -jar auth.jar db COMMAND} is the migration tool: no Spring context, no
	 * web server.
	 */
	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("db")) {
			MigrationCli.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		SpringApplication.run(AuthApplication.class, args);
	}

}
