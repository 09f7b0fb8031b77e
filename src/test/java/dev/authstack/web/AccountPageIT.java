package dev.authstack.web;

import java.time.Duration;
import java.util.List;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.Browser;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The account page in a real Chromium: profile, password, sessions, deletion. */
@IntegrationTest
class AccountPageIT extends RealDatabase {

	static ChromeDriver browser;

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
		browser.get(url("/"));
		browser.manage().deleteAllCookies();
		username = Accounts.uniqueName("acct");
		assertThat(new Api(port).post("/api/v1/signup", Accounts.signup(username)).status()).isEqualTo(201);
		signIn(Accounts.PASSWORD);
	}

	@Test
	void editsTheProfileAndShowsFieldErrors() {
		type("edit-firstName", "Grace");
		type("edit-country", "US");
		click("profile-submit");
		waitFor("saved");
		assertThat(text("profile-name")).isEqualTo("Grace");
		assertThat(text("profile-country")).isEqualTo("US");

		type("edit-email", "broken");
		click("profile-submit");
		waitFor("edit-email-error");
		assertThat(text("edit-email-error")).contains("valid email");
		assertThat(browser.findElement(By.id("edit-email")).getDomProperty("value")).isEqualTo("broken");
		assertThat(text("profile-email")).isEqualTo(username + "@example.com");
	}

	@Test
	void changesThePasswordAndRefusesAWrongCurrentOne() {
		type("current-password", "not my password");
		type("new-password", "an even better password");
		click("password-submit");
		waitFor("password-error");
		assertThat(text("password-error")).isEqualTo("Current password is incorrect");

		type("current-password", Accounts.PASSWORD);
		type("new-password", "an even better password");
		click("password-submit");
		waitFor("password-changed");

		assertThat(new Api(port).login(username, "an even better password")).isNotBlank();
	}

	@Test
	void listsSessionsAndSignsOutAnotherOne() {
		String apiToken = new Api(port).login(username, Accounts.PASSWORD);
		browser.get(url("/account"));
		List<WebElement> rows = browser.findElements(By.cssSelector("#sessions tbody tr"));
		assertThat(rows).hasSize(2);
		assertThat(browser.findElements(By.cssSelector("#sessions tr.current"))).hasSize(1);

		browser.findElement(By.cssSelector("#sessions button.revoke")).click();
		waitFor("session-revoked");

		assertThat(browser.findElements(By.cssSelector("#sessions tbody tr"))).hasSize(1);
		assertThat(new Api(port).get("/api/v1/me", apiToken).status()).isEqualTo(401);
	}

	@Test
	void deletesTheAccountOnlyWithConfirmationAndPassword() {
		type("delete-password", Accounts.PASSWORD);
		click("delete-submit");
		waitFor("delete-error");
		assertThat(text("delete-error")).contains("confirm");
		assertThat(accounts()).isOne();

		type("delete-password", Accounts.PASSWORD);
		browser.findElement(By.id("delete-confirm")).click();
		click("delete-submit");
		waitFor("deleted");

		assertThat(accounts()).isZero();
		assertThat(browser.manage().getCookieNamed("authstack_session")).isNull();
		browser.get(url("/account"));
		assertThat(browser.getCurrentUrl()).contains("/login");
	}

	@Test
	void signingOutRevokesTheSessionNotJustTheCookie() {
		String token = browser.manage().getCookieNamed("authstack_session").getValue();
		assertThat(new Api(port).get("/api/v1/me", token).status()).isEqualTo(200);

		click("logout");
		waitFor("signed-out");

		assertThat(new Api(port).get("/api/v1/me", token).status()).isEqualTo(401);
	}

	private void signIn(String password) {
		browser.get(url("/login"));
		type("username", username);
		type("password", password);
		click("login-submit");
		waitFor("profile-username");
	}

	private long accounts() {
		return jdbc.queryForObject("select count(*) from accounts where username = ?", Long.class, username);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + port + path;
	}

	private void type(String id, String value) {
		WebElement field = browser.findElement(By.id(id));
		field.clear();
		field.sendKeys(value);
	}

	private void click(String id) {
		browser.findElement(By.id(id)).click();
	}

	private String text(String id) {
		return browser.findElement(By.id(id)).getText();
	}

	private void waitFor(String id) {
		new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
	}

}
