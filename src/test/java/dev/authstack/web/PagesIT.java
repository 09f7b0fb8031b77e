package dev.authstack.web;

import java.util.List;

import dev.authstack.support.Accounts;
import dev.authstack.support.Api;
import dev.authstack.support.Browser;
import dev.authstack.support.Pages;
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

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages in a real Chromium: sign up, sign out, sign in, a failed sign-in, form
 * errors.
 */
@IntegrationTest
class PagesIT extends RealDatabase {

	static ChromeDriver browser;

	Pages page;

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
		page = new Pages(browser, port);
		page.signedOut();
	}

	@Test
	void plainVisitsShowNoNoticeAndNoError() {
		for (String path : List.of("/", "/login", "/signup")) {
			page.open(path);
			page.screenshot("plain" + (path.equals("/") ? "-home" : path.replace('/', '-')));
			assertThat(page.notices()).as(path).isEmpty();
			assertThat(page.errors()).as(path).isEmpty();
		}
	}

	@Test
	void signupLabelsReadAsWords() {
		page.open("/signup");
		List<String> labels = browser.findElements(By.cssSelector("#signup-form label"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(labels).containsExactly("Username", "Email", "Password", "First name", "Last name", "Address",
				"Locality", "State", "Country");
	}

	@Test
	void signUpSeeAccountSignOutAndSignInAgain() {
		String username = Accounts.uniqueName("page");
		page.open("/signup");
		page.type("username", username);
		page.type("email", username + "@example.com");
		page.type("password", Accounts.PASSWORD);
		page.type("firstName", "Paige");
		page.type("country", "NZ");
		browser.findElement(By.id("signup-submit")).click();

		page.waitFor("profile-username");
		assertThat(browser.getCurrentUrl()).endsWith("/account");
		assertThat(page.notices()).isEmpty();
		assertThat(page.text("profile-username")).isEqualTo(username);
		assertThat(page.text("profile-email")).isEqualTo(username + "@example.com");
		assertThat(page.text("profile-country")).isEqualTo("NZ");
		Cookie session = browser.manage().getCookieNamed("authstack_session");
		assertThat(session).isNotNull();
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getSameSite()).isEqualTo("Lax");

		browser.findElement(By.id("logout")).click();
		page.waitFor("signed-out");
		page.screenshot("home-signed-out");
		assertThat(page.notices()).containsExactly("signed-out");
		assertThat(browser.manage().getCookieNamed("authstack_session")).isNull();
		page.open("/");
		assertThat(page.notices()).isEmpty();
		page.open("/account");
		assertThat(browser.getCurrentUrl()).contains("/login");

		page.type("username", username);
		page.type("password", Accounts.PASSWORD);
		browser.findElement(By.id("login-submit")).click();
		page.waitFor("profile-username");
		assertThat(page.text("profile-username")).isEqualTo(username);
	}

	@Test
	void failedSignInShowsTheErrorAndKeepsTheUsername() {
		page.open("/login");
		page.type("username", "nobody-here");
		page.type("password", "wrong password");
		browser.findElement(By.id("login-submit")).click();

		page.waitFor("login-error");
		page.screenshot("login-error");
		assertThat(page.text("login-error")).isEqualTo("Invalid username or password");
		assertThat(page.errors()).containsExactly("login-error");
		assertThat(page.notices()).isEmpty();
		assertThat(browser.findElement(By.id("username")).getDomAttribute("value")).isEqualTo("nobody-here");
		assertThat(browser.findElement(By.id("password")).getDomAttribute("value")).isNull();
		assertThat(browser.manage().getCookieNamed("authstack_session")).isNull();
	}

	@Test
	void aNulInTheSignInFormIsAnErrorOnTheFormNotAServerError() {
		page.open("/login");
		browser.executeScript("document.getElementById('username').value = 'ali\\u0000ce'");
		page.type("password", "a password");
		browser.findElement(By.id("login-submit")).click();
		page.waitFor("login-error");
		assertThat(page.text("login-error")).contains("control characters");
		assertThat(browser.findElements(By.id("error-title"))).isEmpty();
	}

	@Test
	void aNulInASignupFieldIsAnErrorNextToIt() {
		String username = Accounts.uniqueName("nul");
		page.open("/signup");
		page.type("username", username);
		page.type("email", username + "@example.com");
		page.type("password", Accounts.PASSWORD);
		browser.executeScript("document.getElementById('firstName').value = 'Pa\\u0000ige'");
		browser.findElement(By.id("signup-submit")).click();
		page.waitFor("firstName-error");
		assertThat(page.errors()).containsExactly("firstName-error");
		assertThat(page.text("firstName-error")).contains("control characters");
	}

	@Test
	void signupErrorsAppearNextToTheFieldsWithInputKept() {
		page.open("/signup");
		page.type("username", "x!");
		page.type("email", "not-an-email");
		page.type("password", "short");
		page.type("firstName", "Kept");
		browser.findElement(By.id("signup-submit")).click();

		page.waitFor("username-error");
		page.screenshot("signup-errors");
		assertThat(page.errors()).containsExactly("username-error", "email-error", "password-error");
		assertThat(page.notices()).isEmpty();
		assertThat(page.text("username-error")).isNotBlank();
		assertThat(page.text("email-error")).contains("valid email");
		assertThat(page.text("password-error")).contains("8 to 128");
		assertThat(browser.findElement(By.id("firstName")).getDomProperty("value")).isEqualTo("Kept");
		assertThat(browser.findElement(By.id("email")).getDomProperty("value")).isEqualTo("not-an-email");
		assertThat(browser.findElement(By.id("password")).getDomProperty("value")).isEmpty();
	}

	@Test
	void aCommonPasswordIsRefusedNextToItsFieldAndNoAccountIsMade() {
		String username = Accounts.uniqueName("weakpage");
		page.open("/signup");
		page.type("username", username);
		page.type("email", username + "@example.com");
		page.type("password", "iloveyou");
		browser.findElement(By.id("signup-submit")).click();

		page.waitFor("password-error");
		assertThat(page.text("password-error")).startsWith("is too common");
		assertThat(page.text("password-error")).doesNotContain("iloveyou");
		assertThat(browser.findElements(By.id("username-error"))).isEmpty();
		assertThat(browser.manage().getCookieNamed("authstack_session")).isNull();
		assertThat(new Api(port).get("/api/v1/health").status()).isEqualTo(200);
		assertThat(new Api(port).post("/api/v1/login", java.util.Map.of("username", username, "password", "iloveyou"))
			.status()).isEqualTo(401);
	}

	@Test
	void anUnknownPageShowsTheErrorPage() {
		page.open("/no-such-page");
		page.screenshot("error-404");
		assertThat(page.text("error-title")).isEqualTo("404 Not Found");
		assertThat(page.text("error-detail")).isEqualTo("There is nothing at this address.");
		assertThat(browser.getPageSource()).doesNotContain("\"status\"", "static resource", "Whitelabel");
		assertThat(browser.findElement(By.id("nav-login")).isDisplayed()).isTrue();
		assertThat(page.notices()).isEmpty();

		page.open("/account/%00");
		page.screenshot("error-400");
		assertThat(page.text("error-title")).isEqualTo("400 Bad Request");
	}

	@Test
	void aFormWhoseCsrfTokenIsGoneShowsTheForbiddenPage() {
		page.open("/login");
		browser.executeScript("document.querySelector('#login-form input[name=_csrf]').remove()");
		page.type("username", "someone");
		page.type("password", "a password");
		browser.findElement(By.id("login-submit")).click();
		page.waitFor("error-title");
		page.screenshot("error-403");
		assertThat(page.text("error-title")).isEqualTo("403 Forbidden");
		assertThat(page.text("error-detail")).contains("reload the page");
	}

	@Test
	void formsCarryACsrfTokenAndRefuseAPostWithoutIt() {
		page.open("/login");
		WebElement csrf = browser.findElement(By.cssSelector("#login-form input[name=_csrf]"));
		assertThat(csrf.getDomAttribute("value")).isNotBlank();

		java.net.http.HttpResponse<String> forged = post("/login", "username=a&password=b");
		assertThat(forged.statusCode()).isEqualTo(403);
	}

	private java.net.http.HttpResponse<String> post(String path, String form) {
		try {
			return java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(page.url(path)))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
