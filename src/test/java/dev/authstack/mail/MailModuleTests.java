package dev.authstack.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import dev.authstack.support.Await;
import dev.authstack.support.ModuleBeans;
import dev.authstack.support.ModuleTestSettings;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code mail} module and what it needs of others: {@code database}'s data source
 * (the outbox table, under Spring's {@code JdbcTemplate} and transaction manager; no type
 * of {@code database} is used, so it is included by name), and {@link MailComposer}
 * beans, which the features that mail declare ({@code account} in the application; one
 * stand-in here). On a database of its own, so no other context's worker takes its
 * messages.
 */
@ApplicationModuleTest(mode = BootstrapMode.STANDALONE, extraIncludes = "database")
@ModuleTestSettings
@ExtendWith(PostgresExtension.class)
@TestPropertySource(properties = "auth.mail.file-dir=target/module-tests/mail")
@DirtiesContext // closed before the test PostgreSQL stops: the worker polls until then
class MailModuleTests {

	private static final String KIND = "module-test";

	private static String databaseUrl;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("auth.db.url", MailModuleTests::databaseUrl);
		registry.add("auth.db.username", PostgresServer::username);
	}

	private static synchronized String databaseUrl() {
		if (databaseUrl == null) {
			databaseUrl = PostgresServer.createDatabase("mail_module");
		}
		return databaseUrl;
	}

	@Autowired
	ApplicationContext context;

	@Autowired
	Outbox outbox;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void startsWithTheDatabaseOnly() {
		assertThat(ModuleBeans.in(context)).containsExactly("database", "mail");
	}

	@Test
	void deliversWhatWasQueuedInTheTransaction() {
		String recipient = "mail-module-" + UUID.randomUUID() + "@example.com";
		transactions.executeWithoutResult(status -> outbox.enqueue(OutgoingMail.of(KIND, recipient, Map.of())));
		Await.until(() -> "sent".equals(status(recipient)), Duration.ofSeconds(20), "the message to be sent");
		assertThat(files()).anySatisfy(file -> assertThat(read(file)).contains(recipient));
	}

	@Test
	void queuesNothingOfARolledBackChange() {
		String recipient = "mail-module-" + UUID.randomUUID() + "@example.com";
		transactions.executeWithoutResult(status -> {
			outbox.enqueue(OutgoingMail.of(KIND, recipient, Map.of()));
			status.setRollbackOnly();
		});
		assertThat(status(recipient)).isNull();
	}

	@Test
	void refusesOutsideATransactionAndUnknownKinds() {
		assertThatThrownBy(() -> outbox.enqueue(OutgoingMail.of(KIND, "someone@example.com", Map.of())))
			.isInstanceOf(IllegalTransactionStateException.class);
		assertThatThrownBy(() -> transactions.executeWithoutResult(
				status -> outbox.enqueue(OutgoingMail.of("no-such-kind", "someone@example.com", Map.of()))))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private String status(String recipient) {
		return jdbc.query("select status from mail_outbox where recipient = ?",
				rs -> rs.next() ? rs.getString(1) : null, recipient);
	}

	private static List<Path> files() {
		try (Stream<Path> files = Files.list(Path.of("target/module-tests/mail"))) {
			return files.filter(file -> file.toString().endsWith(".eml")).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Composers {

		/**
		 * A feature's stand-in: account declares one composer per kind of message it
		 * sends.
		 */
		@Bean
		MailComposer moduleTestComposer() {
			return MailComposer.of(KIND, mail -> Optional.of(new ComposedMail(mail.recipient(), "password-changed", Map
				.of("username", "module-test", "time", "now", "resetLink", "http://localhost/forgot-password"))));
		}

	}

}
