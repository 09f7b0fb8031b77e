package dev.authstack.web;

import java.net.http.HttpResponse;
import java.util.List;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.Browser;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.PageClient;
import dev.authstack.support.Pages;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The account page in a real Chromium: profile, password, sessions, deletion. */
@IntegrationTest
class AccountPageIT extends RealDatabase {

	static ChromeDriver browser;

	Pages page;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	String username;

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
	void signedIn() {
		page = new Pages(browser, port);
		page.signedOut();
		username = Accounts.uniqueName("acct");
		assertThat(new Api(port).post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
		signIn(Accounts.PASSWORD);
	}

	@Test
	void aPlainVisitShowsNoNoticeAndNoError() {
		page.open("/account");
		page.waitFor("profile-username");
		page.screenshot("account");
		assertThat(page.notices()).isEmpty();
		assertThat(page.errors()).isEmpty();
	}

	@Test
	void editsTheProfileAndShowsFieldErrors() {
		page.type("edit-firstName", "Grace");
		page.type("edit-country", "US");
		page.click("profile-submit");
		page.waitFor("saved");
		page.screenshot("account-profile-saved");
		assertThat(page.notices()).containsExactly("saved");
		assertThat(page.errors()).isEmpty();
		assertThat(page.text("profile-name")).isEqualTo("Grace");
		assertThat(page.text("profile-country")).isEqualTo("US");

		page.type("edit-email", "broken");
		page.click("profile-submit");
		page.waitFor("edit-email-error");
		page.screenshot("account-profile-error");
		assertThat(page.errors()).containsExactly("edit-email-error");
		assertThat(page.notices()).isEmpty();
		assertThat(page.text("edit-email-error")).contains("valid email");
		assertThat(browser.findElement(By.id("edit-email")).getDomProperty("value")).isEqualTo("broken");
		assertThat(page.text("profile-email")).isEqualTo(username + "@example.com");

		page.open("/account");
		assertThat(page.notices()).isEmpty();
	}

	@Test
	void changesThePasswordAndRefusesAWrongCurrentOne() {
		page.type("current-password", "not my password");
		page.type("new-password", "an even better password");
		page.click("password-submit");
		page.waitFor("password-error");
		page.screenshot("account-password-error");
		assertThat(page.text("password-error")).isEqualTo("Current password is incorrect");
		assertThat(page.errors()).containsExactly("password-error");
		assertThat(page.notices()).isEmpty();

		page.type("current-password", Accounts.PASSWORD);
		page.type("new-password", "an even better password");
		page.click("password-submit");
		page.waitFor("password-changed");
		page.screenshot("account-password-changed");
		assertThat(page.notices()).containsExactly("password-changed");
		assertThat(page.errors()).isEmpty();

		assertThat(new Api(port).login(username, "an even better password")).isNotBlank();
	}

	@Test
	void wrongCurrentPasswordsLockThePasswordFormLikeLogin() {
		for (int i = 0; i < 5; i++) {
			page.type("current-password", "not my password " + i);
			page.type("new-password", "an even better password");
			page.submit("password-submit");
			page.waitFor("password-error");
			assertThat(page.text("password-error")).isEqualTo("Current password is incorrect");
		}
		String hash = hash();
		page.type("current-password", Accounts.PASSWORD);
		page.type("new-password", "an even better password");
		page.submit("password-submit");
		page.waitFor("password-error");
		assertThat(page.text("password-error")).startsWith("Too many wrong passwords; try again in");
		assertThat(hash()).as("the password did not change").isEqualTo(hash);

		page.type("delete-password", Accounts.PASSWORD);
		browser.findElement(By.id("delete-confirm")).click();
		page.submit("delete-submit");
		page.waitFor("delete-error");
		assertThat(page.text("delete-error")).startsWith("Too many wrong passwords");
		assertThat(accounts()).isOne();
		// and the API's login for the account is locked too
		Api.Response login = new Api(port).post("/api/v1/login",
				java.util.Map.of("username", username, "password", Accounts.PASSWORD));
		assertThat(login.status()).isEqualTo(401);
		assertThat(login.header("Retry-After")).isNotNull();
	}

	@Test
	void aWeakNewPasswordIsRefusedWithTheReason() {
		page.type("current-password", Accounts.PASSWORD);
		page.type("new-password", "password123");
		page.click("password-submit");
		page.waitFor("password-error");
		assertThat(page.text("password-error")).startsWith("New password is too common");
		assertThat(new Api(port).login(username, Accounts.PASSWORD)).isNotBlank();
	}

	private String hash() {
		return jdbc.queryForObject("select password from accounts where username = ?", String.class, username);
	}

	@Test
	void listsSessionsAndSignsOutAnotherOne() {
		String apiToken = new Api(port).login(username, Accounts.PASSWORD);
		page.open("/account");
		List<WebElement> rows = browser.findElements(By.cssSelector("#sessions tbody tr"));
		assertThat(rows).hasSize(2);
		assertThat(browser.findElements(By.cssSelector("#sessions tr.current"))).hasSize(1);

		assertThat(page.notices()).isEmpty();
		browser.findElement(By.cssSelector("#sessions button.revoke")).click();
		page.waitFor("session-revoked");
		page.screenshot("account-session-revoked");
		assertThat(page.notices()).containsExactly("session-revoked");

		assertThat(browser.findElements(By.cssSelector("#sessions tbody tr"))).hasSize(1);
		assertThat(new Api(port).get("/api/v1/me", apiToken).status()).isEqualTo(401);
	}

	@Test
	void deletesTheAccountOnlyWithConfirmationAndPassword() {
		page.type("delete-password", Accounts.PASSWORD);
		page.click("delete-submit");
		page.waitFor("delete-error");
		page.screenshot("account-delete-error");
		assertThat(page.text("delete-error")).contains("confirm");
		assertThat(page.errors()).containsExactly("delete-error");
		assertThat(page.notices()).isEmpty();
		assertThat(accounts()).isOne();

		page.type("delete-password", Accounts.PASSWORD);
		browser.findElement(By.id("delete-confirm")).click();
		page.click("delete-submit");
		page.waitFor("deleted");
		page.screenshot("home-deleted");
		assertThat(page.notices()).containsExactly("deleted");

		assertThat(accounts()).isZero();
		assertThat(browser.manage().getCookieNamed("authstack_session")).isNull();
		page.open("/account");
		assertThat(browser.getCurrentUrl()).contains("/login");
	}

	@Test
	void signingOutRevokesTheSessionNotJustTheCookie() {
		String cookie = browser.manage().getCookieNamed("authstack_session").getValue();
		assertThat(PageClient.getWithCookie(port, "/account", cookie).statusCode()).isEqualTo(200);

		page.click("logout");
		page.waitFor("signed-out");
		assertThat(page.notices()).containsExactly("signed-out");

		// the copied cookie, replayed by another client, no longer signs anyone in
		HttpResponse<String> replayed = PageClient.getWithCookie(port, "/account", cookie);
		assertThat(replayed.statusCode()).isEqualTo(302);
		assertThat(replayed.headers().firstValue("Location").orElse("")).endsWith("/login");
	}

	@Test
	void aSignedInVisitorIsNotToldThatTheySignedOutOrWereDeleted() {
		page.open("/");
		page.screenshot("home-signed-in");
		assertThat(page.text("welcome")).contains(username);
		assertThat(page.notices()).isEmpty();
		page.open("/?signed-out");
		assertThat(page.notices()).isEmpty();
		page.open("/?deleted");
		assertThat(page.notices()).isEmpty();
	}

	private void signIn(String password) {
		page.open("/login");
		page.type("username", username);
		page.type("password", password);
		page.click("login-submit");
		page.waitFor("profile-username");
	}

	private long accounts() {
		return jdbc.queryForObject("select count(*) from accounts where username = ?", Long.class, username);
	}

}
