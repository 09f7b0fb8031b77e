package dev.authstack.migration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Logging for the command line, which starts no Spring context: warnings only (Flyway's
 * log with --verbose), on stderr, so stdout carries just the results and {@code --sql}
 * output can be piped.
 */
final class CliLogging {

	private CliLogging() {
	}

	static void configure(boolean verbose) {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return;
		}
		context.reset();
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern("%level %logger{0}: %msg%n");
		encoder.start();
		ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
		console.setContext(context);
		console.setTarget("System.err");
		console.setEncoder(encoder);
		console.start();
		Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.addAppender(console);
		root.setLevel(Level.WARN);
		context.getLogger("org.flywaydb").setLevel(verbose ? Level.INFO : Level.WARN);
		// the embedded server's own start-up chatter, and Hibernate's notes on its
		// settings
		context.getLogger("io.zonky").setLevel(verbose ? Level.WARN : Level.ERROR);
		context.getLogger("org.hibernate.orm.deprecation").setLevel(Level.ERROR);
	}

}
