package dev.tglogin.examples.existing.browser;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app and the emulated Telegram page as a user sees them in the browser: the steps the browser tests share. Every
 * wait is explicit and generous (a slow CI machine runs the app, the browser and the build at once).
 */
final class AppSite {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final WebDriver browser;

	private final String base;

	private final WebDriverWait wait;

	AppSite(WebDriver browser, int port) {
		this.browser = browser;
		this.base = "http://127.0.0.1:" + port;
		this.wait = new WebDriverWait(browser, TIMEOUT);
	}

	WebDriverWait await() {
		return this.wait;
	}

	void open(String path) {
		this.browser.get(this.base + path);
	}

	/** Waits for the path, with or without a query (a saved request comes back with {@code ?continue}). */
	void waitForPath(String path) {
		this.wait.until(ExpectedConditions.urlMatches("^" + Pattern.quote(this.base + path) + "(\\?.*)?$"));
	}

	void waitForText(String css, String text) {
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
	}

	/** Signs in with the app's form, from the account page. */
	void signIn(String username, String password) {
		open("/account");
		waitForPath("/login");
		type("#username", username);
		type("#password", password);
		visible("#sign-in").click();
		waitForPath("/account");
	}

	/** Connects Telegram on the account page; the page reloads with the new link. */
	void connectTelegram(String telegramId) {
		confirmInTelegram("#connect-bondify", telegramId);
		visible("[data-link-id=\"" + telegramId + "\"]");
	}

	/** Logs in with Bondify from the login page. */
	void bondify(String telegramId) {
		confirmInTelegram("[data-tglogin=\"bondify\"]", telegramId);
	}

	/**
	 * Starts the Bondify flow of the container, opens its deeplink (the emulated Telegram page, in a new tab),
	 * confirms there as the Telegram user and comes back to the app's tab, which was polling.
	 */
	private void confirmInTelegram(String container, String telegramId) {
		visible(container + " [data-tglogin-part=\"start\"]").click();
		WebElement deeplink = visible(container + " [data-tglogin-part=\"deeplink\"]");
		this.wait.until((driver) -> deeplink.getDomAttribute("href") != null);
		assertThat(deeplink.getDomAttribute("href")).startsWith(this.base + "/tglogin-emulator/telegram?start=");
		String appTab = this.browser.getWindowHandle();
		Set<String> before = this.browser.getWindowHandles();
		deeplink.click();
		this.wait.until(ExpectedConditions.numberOfWindowsToBe(before.size() + 1));
		this.browser.switchTo()
			.window(this.browser.getWindowHandles()
				.stream()
				.filter((handle) -> !before.contains(handle))
				.findFirst()
				.orElseThrow());
		type("#telegram_id", telegramId);
		type("#telegram_name", "Telegram " + telegramId);
		type("#telegram_username", "");
		visible("#confirm").click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#state"), "Confirmed"));
		this.browser.close();
		this.browser.switchTo().window(appTab);
	}

	/**
	 * Runs the Xellar flow of the container: types the phone number, sends the code, reads it where Telegram would
	 * show it (the emulated Telegram page, in a tab of its own) and enters it. The page then goes on as it does after
	 * a login or a connection (or shows why not, in the container's status).
	 */
	void xellar(String container, String phoneNumber) {
		type(container + " [data-tglogin-part=\"phone\"]", phoneNumber);
		visible(container + " [data-tglogin-part=\"send\"]").click();
		waitForText(container + " [data-tglogin-part=\"status\"]", "We sent a code to your Telegram.");
		String otp = otpSentTo(phoneNumber);
		type(container + " [data-tglogin-part=\"otp\"]", otp);
		visible(container + " [data-tglogin-part=\"verify\"]").click();
	}

	/** The newest code sent to the phone number, read on the emulated Telegram page in a new tab, then closed. */
	private String otpSentTo(String phoneNumber) {
		String appTab = this.browser.getWindowHandle();
		this.browser.switchTo().newWindow(WindowType.TAB);
		open("/tglogin-emulator/telegram");
		// the page shows the codes of the phone number the user types (newest first), and only those
		type("#phone", phoneNumber);
		visible("#show-otp").click();
		this.wait.until(ExpectedConditions.urlContains("phone="));
		String masked = phoneNumber.substring(0, 3) + "***" + phoneNumber.substring(phoneNumber.length() - 2);
		WebElement newest = visible("#xellar li");
		assertThat(newest.findElement(By.className("phone")).getText()).isEqualTo(masked);
		String otp = newest.findElement(By.id("otp")).getText();
		this.browser.close();
		this.browser.switchTo().window(appTab);
		return otp;
	}

	WebElement visible(String css) {
		return this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
	}

	void type(String css, String value) {
		WebElement input = visible(css);
		input.clear();
		input.sendKeys(value);
	}

}
