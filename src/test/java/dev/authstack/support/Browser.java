package dev.authstack.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Real Chromium through Selenium, using Debian's chromium and chromium-driver (no
 * downloads: the driver path is given, so Selenium Manager stays idle).
 */
public final class Browser {

	private Browser() {
	}

	public static ChromeDriver start() {
		File chromium = executable("CHROMIUM_BIN", "/usr/bin/chromium", "chromium");
		File driver = executable("CHROMEDRIVER_BIN", "/usr/bin/chromedriver", "chromium-driver");
		try {
			Path profile = Files.createTempDirectory("authstack-chromium-");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(chromium);
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--window-size=1280,1024", "--user-data-dir=" + profile);
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
				.usingAnyFreePort()
				.build();
			ChromeDriver browser = new ChromeDriver(service, options);
			browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
			return browser;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Could not create a Chromium profile directory", ex);
		}
	}

	private static File executable(String variable, String fallback, String debianPackage) {
		String path = System.getenv().getOrDefault(variable, fallback);
		File file = new File(path);
		if (!file.canExecute()) {
			throw new IllegalStateException("Missing " + path + ": install Debian's " + debianPackage
					+ " (scripts/test does this when run as root) or set " + variable);
		}
		return file;
	}

}
