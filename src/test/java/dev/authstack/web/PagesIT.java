package dev.authstack.web;

import java.time.Duration;

import dev.authstack.support.Accounts;
import dev.authstack.support.Browser;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages in a real Chromium: sign up, sign out, sign in, a failed sign-in, form errors. */
@IntegrationTest
class PagesIT extends RealDatabase {

	static ChromeDriver browser;

	@LocalServerPort
	int port;

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
		browser.get(url("/"));
		browser.manage().deleteAllCookies();
	}

	@Test
	void signUpSeeAccountSignOutAndSignInAgain() {
		String username = Accounts.uniqueName("page");
		browser.get(url("/signup"));
		type("username", username);
		type("email", username + "@example.com");
		type("password", Accounts.PASSWORD);
		type("firstName", "Paige");
		type("country", "NZ");
		browser.findElement(By.id("signup-submit")).click();

		waitFor("profile-username");
		assertThat(browser.getCurrentUrl()).endsWith("/account");
		assertThat(text("profile-username")).isEqualTo(username);
		assertThat(text("profile-email")).isEqualTo(username + "@example.com");
		assertThat(text("profile-country")).isEqualTo("NZ");
		Cookie session = browser.manage().getCookieNamed("authstack_session");
		assertThat(session).isNotNull();
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getSameSite()).isEqualTo("Lax");

		browser.findElement(By.id("logout")).click();
		waitFor("signed-out");
		assertThat(browser.manage().getCookieNamed("authstack_session")).isNull();
		browser.get(url("/account"));
		assertThat(browser.getCurrentUrl()).contains("/login");

		type("username", username);
		type("password", Accounts.PASSWORD);
		browser.findElement(By.id("login-submit")).click();
		waitFor("profile-username");
		assertThat(text("profile-username")).isEqualTo(username);
	}

	@Test
	void failedSignInShowsTheErrorAndKeepsTheUsername() {
		browser.get(url("/login"));
		type("username", "nobody-here");
		type("password", "wrong password");
		browser.findElement(By.id("login-submit")).click();

		waitFor("login-error");
		assertThat(text("login-error")).isEqualTo("Invalid username or password");
		assertThat(browser.findElement(By.id("username")).getDomAttribute("value")).isEqualTo("nobody-here");
		assertThat(browser.findElement(By.id("password")).getDomAttribute("value")).isNull();
		assertThat(browser.manage().getCookieNamed("authstack_session")).isNull();
	}

	@Test
	void signupErrorsAppearNextToTheFieldsWithInputKept() {
		browser.get(url("/signup"));
		type("username", "x!");
		type("email", "not-an-email");
		type("password", "short");
		type("firstName", "Kept");
		browser.findElement(By.id("signup-submit")).click();

		waitFor("username-error");
		assertThat(text("username-error")).isNotBlank();
		assertThat(text("email-error")).contains("valid email");
		assertThat(text("password-error")).contains("8 to 128");
		assertThat(browser.findElement(By.id("firstName")).getDomProperty("value")).isEqualTo("Kept");
		assertThat(browser.findElement(By.id("email")).getDomProperty("value")).isEqualTo("not-an-email");
		assertThat(browser.findElement(By.id("password")).getDomProperty("value")).isEmpty();
	}

	@Test
	void formsCarryACsrfTokenAndRefuseAPostWithoutIt() {
		browser.get(url("/login"));
		WebElement csrf = browser.findElement(By.cssSelector("#login-form input[name=_csrf]"));
		assertThat(csrf.getDomAttribute("value")).isNotBlank();

		java.net.http.HttpResponse<String> forged = post("/login", "username=a&password=b");
		assertThat(forged.statusCode()).isEqualTo(403);
	}

	private java.net.http.HttpResponse<String> post(String path, String form) {
		try {
			return java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(path)))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String url(String path) {
		return "http://127.0.0.1:" + port + path;
	}

	private void type(String id, String value) {
		WebElement field = browser.findElement(By.id(id));
		field.clear();
		field.sendKeys(value);
	}

	private String text(String id) {
		return browser.findElement(By.id(id)).getText();
	}

	private void waitFor(String id) {
		new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
	}

}
