package dev.authstack.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.authstack.support.Accounts;
import dev.authstack.support.Browser;
import dev.authstack.support.IntegrationTest;
import dev.authstack.support.NginxServer;
import dev.authstack.support.Pages;
import dev.authstack.support.RawHttp;
import dev.authstack.support.RealDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service behind the project's nginx templates on a port other than 80, the way the
 * stack publishes it (127.0.0.1:8000): every absolute URL the service makes (redirects,
 * the OpenAPI server) keeps the host and port the client used, and forwarding headers a
 * client sends itself change none of them.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxForwardedHeadersIT extends RealDatabase {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** What a client may send to steer the URLs the service builds. */
	private static final Map<String, String> FORGED = forged();

	@LocalServerPort
	int port;

	NginxServer nginx;

	ChromeDriver browser;

	@BeforeAll
	void start() {
		nginx = NginxServer.proxying(port).start();
		assertThat(nginx.port()).isNotEqualTo(80);
		browser = Browser.start();
	}

	@AfterAll
	void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (nginx != null) {
			nginx.close();
		}
	}

	@Test
	void redirectsKeepThePortTheClientUsed() {
		RawHttp.Response account = RawHttp.from("127.0.0.1").get(nginx.port(), "/account", Map.of());

		assertThat(account.status()).isEqualTo(302);
		assertThat(account.header("Location")).isEqualTo(nginx.baseUrl() + "/login");
	}

	@Test
	void forgedForwardingHeadersChangeNoRedirect() {
		RawHttp.Response account = RawHttp.from("127.0.0.1").get(nginx.port(), "/account", FORGED);

		assertThat(account.status()).isEqualTo(302);
		assertThat(account.header("Location")).isEqualTo(nginx.baseUrl() + "/login");
	}

	@Test
	void theOpenApiServerIsTheAddressTheClientUsedWhateverItForges() {
		for (Map<String, String> headers : java.util.List.of(Map.<String, String>of(), FORGED)) {
			RawHttp.Response docs = RawHttp.from("127.0.0.1").get(nginx.port(), "/v3/api-docs", headers);
			assertThat(docs.status()).isEqualTo(200);
			JsonNode servers = json.readTree(docs.body()).get("servers");
			assertThat(servers).as("servers with %s", headers).hasSize(1);
			assertThat(servers.get(0).get("url").asString()).isEqualTo(nginx.baseUrl());
			assertThat(docs.body()).doesNotContain("evil.example").doesNotContain("6666");
		}
	}

	@Test
	void pagesInChromiumThroughNginxStayOnItsPort() {
		Pages page = new Pages(browser, nginx.port());
		page.signedOut();
		String username = Accounts.uniqueName("edgepage");

		page.open("/signup");
		page.type("username", username);
		page.type("email", username + "@example.com");
		page.type("password", Accounts.PASSWORD);
		page.type("firstName", "Porter");
		page.type("country", "NZ");
		browser.findElement(By.id("signup-submit")).click();
		page.waitFor("profile-username");
		assertThat(browser.getCurrentUrl()).isEqualTo(nginx.baseUrl() + "/account");
		assertThat(page.text("profile-username")).isEqualTo(username);

		browser.findElement(By.id("logout")).click();
		page.waitFor("signed-out");
		assertThat(browser.getCurrentUrl()).startsWith(nginx.baseUrl() + "/");
		assertThat(browser.findElements(By.id("profile-username"))).isEmpty();

		// signed out, the account page sends the browser to the sign-in page on the same
		// port
		page.open("/account");
		page.waitFor("login-submit");
		assertThat(browser.getCurrentUrl()).isEqualTo(nginx.baseUrl() + "/login");
		assertThat(browser.getPageSource()).doesNotContain(username + "@example.com");

		page.type("username", username);
		page.type("password", Accounts.PASSWORD);
		browser.findElement(By.id("login-submit")).click();
		page.waitFor("profile-username");
		assertThat(browser.getCurrentUrl()).isEqualTo(nginx.baseUrl() + "/account");
		assertThat(page.text("profile-email")).isEqualTo(username + "@example.com");
	}

	private static Map<String, String> forged() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-Forwarded-Host", "evil.example");
		headers.put("X-Forwarded-Port", "6666");
		headers.put("X-Forwarded-Proto", "https");
		headers.put("X-Forwarded-Prefix", "/evil");
		headers.put("Forwarded", "host=evil.example;proto=https");
		return headers;
	}

}
