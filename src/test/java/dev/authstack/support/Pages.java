package dev.authstack.support;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
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

	public String text(String id) {
		return browser.findElement(By.id(id)).getText();
	}

	public String value(String id) {
		return browser.findElement(By.id(id)).getDomProperty("value");
	}

	public void waitFor(String id) {
		new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
	}

}
