package dev.authstack.mail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.authstack.AuthApplication;
import dev.authstack.system.InvalidConfigurationException;
import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.MailServer;
import dev.authstack.support.PostgresExtension;
import dev.authstack.support.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Without an SMTP server: {@code local} writes .eml files under AUTH_DATA_DIR and says
 * where once; {@code prod} refuses to start while a flow needs mail, and starts with the
 * flows off.
 */
@ExtendWith({ PostgresExtension.class, OutputCaptureExtension.class })
class MailDefaultsIT {

	@Test
	void localWritesMessagesAsEmlFilesAndLogsOnlyWhere(CapturedOutput output) throws Exception {
		Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-local-mail-");
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(AuthApplication.class)
			.main(AuthApplication.class)
			.profiles("local")
			.run("--server.port=0", "--management.server.port=0",
					"--auth.db.url=" + PostgresServer.createDatabase("local"),
					"--auth.db.username=" + PostgresServer.username(), "--AUTH_DATA_DIR=" + dataDir)) {
			String username = Accounts.uniqueName("local");
			assertThat(new Api(port(app)).post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);

			Path mail = dataDir.resolve("mail");
			Path eml = awaitFile(mail);
			String message = Files.readString(eml, StandardCharsets.UTF_8);
			assertThat(eml.getFileName().toString()).endsWith("-verify_email.eml");
			assertThat(message).contains("To: " + username + "@example.com")
				.contains("Subject: Confirm your email address");
			String token = message.replaceAll("=\r?\n", "").replaceAll("(?s).*#token=3D([A-Za-z0-9_-]{43}).*", "$1");
			assertThat(token).hasSize(43);

			assertThat(output.getAll()).contains("mail is written to " + mail + "/*.eml").doesNotContain(token);
			assertThat(Stream.of(output.getAll().split("\n")).filter(line -> line.contains(mail.toString())))
				.as("one line says where")
				.hasSize(1);
		}
	}

	@Test
	void prodRefusesToStartWithoutSmtpWhileAFlowNeedsMail() {
		assertThatThrownBy(() -> prod(Map.of()).close()).rootCause()
			.isInstanceOfSatisfying(InvalidConfigurationException.class, (refused) -> {
				assertThat(refused.getMessage()).contains("No SMTP server is configured");
				assertThat(refused.action()).contains("AUTH_SMTP_URL")
					.contains("AUTH_EMAIL_VERIFICATION=off and AUTH_PASSWORD_RESET=false");
			});
		assertThatThrownBy(() -> prod(Map.of("auth.email.verification", "off")).close())
			.hasStackTraceContaining("AUTH_PASSWORD_RESET=true need mail");
	}

	@Test
	void prodWithSmtpStillWantsThePublicUrlForItsLinks() {
		MailServer smtp = MailServer.startNew();
		try {
			Map<String, String> settings = Map.of("auth.smtp.url", smtp.url(), "auth.smtp.password", smtp.password(),
					"auth.smtp.starttls", "off");
			assertThatThrownBy(() -> prod(settings).close()).hasStackTraceContaining("AUTH_PUBLIC_URL is not set");
			Map<String, String> withUrl = new java.util.HashMap<>(settings);
			withUrl.put("auth.mail.public-url", "https://auth.example.com/");
			try (ConfigurableApplicationContext app = prod(withUrl)) {
				String username = Accounts.uniqueName("prod");
				assertThat(new Api(port(app)).post("/api/v1/signup", Accounts.signup(username)).status())
					.isEqualTo(201);
				String link = smtp.awaitOne(username + "@example.com").link("/verify-email");
				assertThat(link).startsWith("https://auth.example.com/verify-email#token=");
			}
		}
		finally {
			smtp.close();
		}
	}

	@Test
	void prodStartsWithoutSmtpWhenEveryMailFlowIsOffAndQueuesNothing() {
		try (ConfigurableApplicationContext app = prod(
				Map.of("auth.email.verification", "off", "auth.email.password-reset", "false"))) {
			Api api = new Api(port(app));
			String username = Accounts.uniqueName("nomail");
			assertThat(api.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
			assertThat(api.post("/api/v1/password/forgot", Map.of("email", username + "@example.com")).status())
				.isEqualTo(404);
			assertThat(app.getBean(JdbcTemplate.class).queryForObject("select count(*) from mail_outbox", Long.class))
				.isZero();
			// and with no mail to confirm it, an address change applies at once, as
			// before
			String token = api.login(username, Accounts.PASSWORD);
			Api.Response change = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/api/v1/me/email"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(java.net.http.HttpRequest.BodyPublishers
					.ofString("{\"email\":\"" + username + "@new.example\"}")));
			assertThat(change.status()).isEqualTo(200);
			assertThat(api.get("/api/v1/me", token).json().get("email").asString())
				.isEqualTo(username + "@new.example");
		}
	}

	private static ConfigurableApplicationContext prod(Map<String, String> settings) {
		List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
				"--auth.db.url=" + PostgresServer.createDatabase("prod"),
				"--auth.db.username=" + PostgresServer.username(), "--spring.flyway.enabled=true",
				"--auth.redis.allow-in-process=true"));
		settings.forEach((key, value) -> args.add("--" + key + "=" + value));
		return new SpringApplicationBuilder(AuthApplication.class).main(AuthApplication.class)
			.profiles("prod")
			.run(args.toArray(String[]::new));
	}

	private static Path awaitFile(Path directory) throws Exception {
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (System.nanoTime() < deadline) {
			if (Files.isDirectory(directory)) {
				try (Stream<Path> files = Files.list(directory)) {
					List<Path> eml = files.filter(path -> path.toString().endsWith(".eml")).toList();
					if (!eml.isEmpty()) {
						return eml.get(0);
					}
				}
			}
			Thread.sleep(10);
		}
		throw new AssertionError("no .eml file in " + directory);
	}

	private static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

}
