package dev.authstack.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The few things page tests do in the browser, by element id. */
public final class Pages {

	private final ChromeDriver browser;

	private final int port;

	public Pages(ChromeDriver browser, int port) {
		this.browser = browser;
		this.port = port;
	}

	public String url(String path) {
		return "http://127.0.0.1:" + port + path;
	}

	public void open(String path) {
		browser.get(url(path));
	}

	/** A fresh visitor: no cookies for the service. */
	public void signedOut() {
		open("/");
		browser.manage().deleteAllCookies();
	}

	public void type(String id, String value) {
		WebElement field = browser.findElement(By.id(id));
		field.clear();
		field.sendKeys(value);
	}

	public void click(String id) {
		browser.findElement(By.id(id)).click();
	}

	/**
	 * Clicks a button that submits its form and waits for the next page: the page that is
	 * replaced may hold the same ids, so waiting for an id alone could find the old one.
	 */
	public void submit(String id) {
		WebElement old = browser.findElement(By.tagName("html"));
		click(id);
		new WebDriverWait(browser, Duration.ofSeconds(15)).until(detached(old));
	}

	/**
	 * True once the element has left the document. Selenium's
	 * {@code ExpectedConditions.stalenessOf} knows only the stale-element error, but
	 * Chromium, asked while the old document is being torn down, can answer "unknown
	 * error: Node with given id does not belong to the document" instead (seen in CI on
	 * 2026-12-03); that says the same thing and counts as detached. Any other error still
	 * fails the wait.
	 */
	private static ExpectedCondition<Boolean> detached(WebElement element) {
		return driver -> {
			try {
				element.isEnabled();
				return false;
			}
			catch (StaleElementReferenceException gone) {
				return true;
			}
			catch (WebDriverException ex) {
				if (String.valueOf(ex.getMessage()).contains("does not belong to the document")) {
					return true;
				}
				throw ex;
			}
		};
	}

	public String text(String id) {
		return browser.findElement(By.id(id)).getText();
	}

	public String value(String id) {
		return browser.findElement(By.id(id)).getDomProperty("value");
	}

	/** The ids of every notice (class {@code notice}) the page shows, in page order. */
	public List<String> notices() {
		return browser.findElements(By.cssSelector(".notice"))
			.stream()
			.map(notice -> notice.getDomAttribute("id"))
			.toList();
	}

	/**
	 * The ids of every error message (class {@code error}) the page shows, in page order.
	 */
	public List<String> errors() {
		return browser.findElements(By.cssSelector(".error"))
			.stream()
			.map(error -> error.getDomAttribute("id"))
			.toList();
	}

	/**
	 * A PNG of the page as Chromium renders it, in target/screenshots/NAME.png, for a
	 * person to look at (the assertions are the test's).
	 */
	public Path screenshot(String name) {
		try {
			Path file = Path.of("target", "screenshots", name + ".png");
			Files.createDirectories(file.getParent());
			// the whole page, not only the window: errors further down are in the picture
			// too
			Dimension window = browser.manage().window().getSize();
			Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
			browser.manage().window().setSize(new Dimension(window.getWidth(), Math.max(height.intValue() + 120, 400)));
			try {
				Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
			}
			finally {
				browser.manage().window().setSize(window);
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public void waitFor(String id) {
		new WebDriverWait(browser, Duration.ofSeconds(15))
			.until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
	}

}
