package dev.tglogin.examples.demo.browser;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo app and its emulated Telegram page as a user sees them in the browser: the steps the browser tests share.
 * Every wait is explicit and generous (a slow CI machine runs the app, the browser and the build at once).
 */
final class DemoSite {

	static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final WebDriver browser;

	private final String base;

	private final WebDriverWait wait;

	DemoSite(WebDriver browser, int port) {
		this.browser = browser;
		this.base = "http://127.0.0.1:" + port;
		this.wait = new WebDriverWait(browser, TIMEOUT);
	}

	String base() {
		return this.base;
	}

	WebDriverWait await() {
		return this.wait;
	}

	void open(String path) {
		this.browser.get(this.base + path);
	}

	WebElement visible(String css) {
		return this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
	}

	void waitForText(String css, String text) {
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
	}

	void waitForExactText(String css, String text) {
		this.wait.until(ExpectedConditions.textToBe(By.cssSelector(css), text));
	}

	void waitForPath(String path) {
		this.wait.until(ExpectedConditions.urlToBe(this.base + path));
	}

	String text(String css) {
		return visible(css).getText();
	}

	/** From the home page, follows "Log in" to the login page. */
	void openLoginPage() {
		open("/");
		visible("#login").click();
		waitForPath("/login/telegram");
	}

	/**
	 * Clicks "Log in with Telegram" and waits for the deeplink and the QR code.
	 * @return the deeplink's href
	 */
	String startBondifyLogin() {
		visible("#tglogin-start").click();
		WebElement deeplink = visible("#tglogin-deeplink");
		this.wait.until((driver) -> deeplink.getDomAttribute("href") != null);
		String href = deeplink.getDomAttribute("href");
		assertThat(href).startsWith(this.base + "/tglogin-emulator/telegram?start=");
		WebElement qr = visible("#tglogin-qr img");
		assertThat(qr.getDomAttribute("src")).startsWith("data:image/svg+xml");
		return href;
	}

	/**
	 * Clicks the deeplink (it opens in a new tab, as Telegram would) and switches to that tab.
	 * @return the handle of the app's tab, to come back to
	 */
	String followDeeplink() {
		String appTab = this.browser.getWindowHandle();
		Set<String> before = this.browser.getWindowHandles();
		visible("#tglogin-deeplink").click();
		this.wait.until(ExpectedConditions.numberOfWindowsToBe(before.size() + 1));
		String telegramTab = this.browser.getWindowHandles()
			.stream()
			.filter((handle) -> !before.contains(handle))
			.findFirst()
			.orElseThrow();
		this.browser.switchTo().window(telegramTab);
		visible("h1");
		return appTab;
	}

	/** On the emulated Telegram page: confirms the login as the given Telegram user. */
	void confirmInTelegram(String telegramId, String name, String username) {
		confirmAs(telegramId, name, username);
		waitForText("#state", "Confirmed");
	}

	/**
	 * Clicks "Log in with Telegram" of the OpenID Connect login and waits for the emulated provider's authorize page
	 * (in the same tab: a plain link, no script).
	 */
	void startOidcLogin() {
		visible("#tglogin-oidc").click();
		this.wait.until(ExpectedConditions.urlContains("/tglogin-emulator/oidc/"));
		visible("#confirm");
	}

	/**
	 * On the emulated provider's authorize page: confirms as the given Telegram user; the provider sends the browser
	 * back to the app with the authorization code.
	 */
	void confirmOidcInTelegram(String telegramId, String name, String username) {
		confirmAs(telegramId, name, username);
	}

	private void confirmAs(String telegramId, String name, String username) {
		replace("#telegram_id", telegramId);
		replace("#telegram_name", name);
		replace("#telegram_username", username);
		visible("#confirm").click();
	}

	/** On the emulated Telegram page: cancels the login. */
	void cancelInTelegram() {
		visible("#cancel").click();
		waitForText("#state", "Cancelled");
	}

	/** Closes the current tab (the emulated Telegram page) and goes back to the app's tab. */
	void backTo(String appTab) {
		this.browser.close();
		this.browser.switchTo().window(appTab);
	}

	/** Logs in with Bondify as the given user, from the home page to the profile page. */
	void logInWithBondify(String telegramId, String name, String username) {
		openLoginPage();
		startBondifyLogin();
		String appTab = followDeeplink();
		confirmInTelegram(telegramId, name, username);
		backTo(appTab);
		waitForPath("/profile");
		waitForText("#display-name", name);
	}

	/**
	 * Reads the newest OTP sent to the phone number from the emulated Telegram page, in a tab of its own.
	 * @param phoneNumber the phone number, E.164
	 * @return the OTP
	 */
	String otpSentTo(String phoneNumber) {
		String appTab = this.browser.getWindowHandle();
		this.browser.switchTo().newWindow(WindowType.TAB);
		open("/tglogin-emulator/telegram");
		String masked = phoneNumber.substring(0, 3) + "***" + phoneNumber.substring(phoneNumber.length() - 2);
		// the page shows the codes of the phone number the user types, and only those
		replace("#phone", phoneNumber);
		visible("#show-otp").click();
		this.wait.until(ExpectedConditions.urlContains("phone="));
		visible("#xellar");
		List<WebElement> codes = this.browser.findElements(By.cssSelector("#xellar li"));
		String otp = codes.stream()
			.filter((li) -> li.findElement(By.className("phone")).getText().equals(masked))
			.map((li) -> li.findElement(By.className("otp")).getText())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no OTP for " + masked + " on the emulated Telegram page"));
		backTo(appTab);
		return otp;
	}

	void replace(String css, String value) {
		WebElement input = visible(css);
		input.clear();
		input.sendKeys(value);
	}

}
