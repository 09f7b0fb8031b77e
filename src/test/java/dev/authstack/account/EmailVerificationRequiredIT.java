package dev.authstack.account;

import java.util.Map;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.MailApp;
import dev.authstack.support.MailExtension;
import dev.authstack.support.MailServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AUTH_EMAIL_VERIFICATION=required: a correct password for an unverified address gets its
 * own answer; a wrong one gets the usual 401, so the answer tells a guesser nothing.
 */
@IntegrationTest
@ExtendWith(MailExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EmailVerificationRequiredIT {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		MailApp.register(registry, "verifyreq");
		registry.add("auth.email.verification", () -> "required");
	}

	@LocalServerPort
	int port;

	@Test
	void signingInWaitsForTheVerifiedAddressAndSaysSoOnlyAfterTheRightPassword() {
		Api api = new Api(port);
		String username = Accounts.uniqueName("req");
		assertThat(api.post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);

		Api.Response right = login(api, username, Accounts.PASSWORD);
		assertThat(right.status()).isEqualTo(403);
		assertThat(right.contentType()).startsWith("application/problem+json");
		assertThat(right.json().get("error").asString()).isEqualTo("email_not_verified");
		assertThat(right.json().get("detail").asString()).contains("Verify your email address");
		assertThat(right.body()).doesNotContain("access_token");

		Api.Response wrong = login(api, username, "not the password");
		Api.Response unknown = login(api, Accounts.uniqueName("nobody"), "not the password");
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.body()).isEqualTo(unknown.body()).doesNotContain("verif");

		String token = MailServer.shared().awaitOne(username + "@example.com").token("/verify-email");
		assertThat(api.post("/api/v1/email/verify", Map.of("token", token)).status()).isEqualTo(204);

		Api.Response verified = login(api, username, Accounts.PASSWORD);
		assertThat(verified.status()).isEqualTo(200);
		assertThat(EmailVerificationIT.claims(verified.json().get("access_token").asString())
			.get("email_verified")
			.asBoolean()).isTrue();
	}

	private static Api.Response login(Api api, String username, String password) {
		return api.post("/api/v1/login", Map.of("username", username, "password", password));
	}

}
