package dev.authstack.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.Browser;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.MailApp;
import dev.authstack.support.MailExtension;
import dev.authstack.support.MailServer;
import dev.authstack.support.Pages;
import dev.authstack.support.ReceivedMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mailed links in a real Chromium, with the mail read from a real SMTP server: verify
 * after signing up, reset a forgotten password, change the address from the new inbox.
 */
@IntegrationTest
@ExtendWith(MailExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MailPagesIT {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		MailApp.register(registry, "mailpages");
	}

	static ChromeDriver browser;

	@LocalServerPort
	int port;

	Pages page;

	MailServer mail = MailServer.shared();

	@BeforeAll
	static void startBrowser() {
		browser = Browser.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void freshBrowser() {
		page = new Pages(browser, port);
		page.signedOut();
	}

	@Test
	void signUpOpenTheMailFollowTheLinkAndTheAddressIsVerified() {
		String username = Accounts.uniqueName("pv");
		page.open("/signup");
		page.type("username", username);
		page.type("email", username + "@example.com");
		page.type("password", Accounts.PASSWORD);
		page.click("signup-submit");
		page.waitFor("profile-username");
		assertThat(page.text("email-unverified")).isEqualTo("not verified");
		assertThat(browser.findElements(By.id("email-verified"))).isEmpty();

		String link = mail.awaitOne(username + "@example.com").link("/verify-email");
		browser.get(link);
		page.waitFor("link-submit");
		assertThat(browser.getCurrentUrl()).as("the token left the address bar").doesNotContain("token");
		page.click("link-submit");
		page.waitFor("link-done");
		assertThat(page.text("link-done")).isEqualTo("Your email address is verified.");
		assertThat(browser.getCurrentUrl()).doesNotContain("token");

		page.open("/account");
		page.waitFor("email-verified");
		assertThat(browser.findElements(By.id("email-unverified"))).isEmpty();
		assertThat(browser.findElements(By.id("verification"))).isEmpty();

		// the same link again does nothing, and says so
		browser.get(link);
		page.waitFor("link-submit");
		page.click("link-submit");
		page.waitFor("link-error");
		assertThat(page.text("link-error")).contains("invalid, has expired or was already used");
		assertThat(browser.findElements(By.id("link-done"))).isEmpty();
	}

	@Test
	void forgetThePasswordFollowTheMailedLinkSetANewOneAndOldSessionsAreGone() {
		String username = Accounts.uniqueName("pr");
		String email = username + "@example.com";
		Api api = new Api(port);
		String apiSession = api.signupAndLogin(username, Accounts.PASSWORD);
		mail.awaitOne(email);

		page.open("/login");
		page.click("forgot-link");
		page.waitFor("forgot-form");
		page.type("email", email);
		page.click("forgot-submit");
		page.waitFor("forgot-sent");
		String known = page.text("forgot-sent");
		assertThat(known).contains("If an active account uses " + email);

		ReceivedMail reset = mail.awaitNth(email, 2);
		assertThat(reset.subject()).isEqualTo("Reset your password");
		browser.get(reset.link("/reset-password"));
		page.waitFor("new-password");
		assertThat(browser.getCurrentUrl()).doesNotContain("token");
		assertThat(browser.findElement(By.id("token-missing")).isDisplayed()).isFalse();
		page.type("new-password", "short");
		page.click("reset-submit");
		page.waitFor("password-error");
		assertThat(page.text("password-error")).contains("8 to 128 characters");
		page.type("new-password", "a fresh page passphrase");
		page.click("reset-submit");

		page.waitFor("password-reset");
		assertThat(browser.getCurrentUrl()).endsWith("/login?password-reset");
		assertThat(api.get("/api/v1/me", apiSession).status()).as("the session from before").isEqualTo(401);
		ReceivedMail notice = mail.awaitNth(email, 3);
		assertThat(notice.subject()).isEqualTo("Your password was changed");

		page.type("username", username);
		page.type("password", "a fresh page passphrase");
		page.click("login-submit");
		page.waitFor("profile-username");
		assertThat(page.text("profile-email")).isEqualTo(email);

		// an unknown address gets the same page, word for word but the address
		page.signedOut();
		page.open("/forgot-password");
		String ghost = Accounts.uniqueName("ghost") + "@example.com";
		page.type("email", ghost);
		page.click("forgot-submit");
		page.waitFor("forgot-sent");
		assertThat(page.text("forgot-sent").replace(ghost, email)).isEqualTo(known);
	}

	@Test
	void changeTheAddressOnTheAccountPageAndConfirmItFromTheNewInbox() {
		String username = Accounts.uniqueName("pc");
		String oldEmail = username + "@example.com";
		String newEmail = username + "@new.example";
		new Api(port).post("/api/v1/signup", Accounts.signup(username));
		mail.awaitOne(oldEmail);
		page.open("/login");
		page.type("username", username);
		page.type("password", Accounts.PASSWORD);
		page.click("login-submit");
		page.waitFor("profile-form");

		page.type("edit-email", newEmail);
		page.type("edit-firstName", "Changed");
		page.click("profile-submit");
		page.waitFor("email-change-sent");
		assertThat(page.text("profile-email")).as("not before it is confirmed").isEqualTo(oldEmail);
		assertThat(page.text("profile-name")).isEqualTo("Changed");

		page.signedOut();
		browser.get(mail.awaitOne(newEmail).link("/confirm-email"));
		page.waitFor("link-submit");
		page.click("link-submit");
		page.waitFor("link-done");
		assertThat(page.text("link-done")).isEqualTo("Your account now uses this email address.");

		ReceivedMail notice = mail.awaitNth(oldEmail, 2);
		assertThat(notice.subject()).isEqualTo("Your email address was changed");
		page.open("/login");
		page.type("username", newEmail);
		page.type("password", Accounts.PASSWORD);
		page.click("login-submit");
		page.waitFor("profile-email");
		assertThat(page.text("profile-email")).isEqualTo(newEmail);
		assertThat(page.text("email-verified")).isEqualTo("verified");
	}

	@Test
	void thePagesBehindLinksSendNoReferrerAndAreNotCached() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		for (String path : new String[] { "/reset-password", "/verify-email", "/confirm-email", "/undo-email-change",
				"/forgot-password" }) {
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(page.url(path))).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
			assertThat(response.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
		}
		// without the link's fragment, the page says what to do and shows no form
		page.open("/reset-password");
		page.waitFor("token-missing");
		assertThat(browser.findElement(By.id("token-missing")).isDisplayed()).isTrue();
		assertThat(browser.findElement(By.id("token-form")).isDisplayed()).isFalse();
		assertThat(new Api(port).post("/api/v1/password/forgot", Map.of("email", "x@example.com")).status())
			.isEqualTo(202);
	}

}
