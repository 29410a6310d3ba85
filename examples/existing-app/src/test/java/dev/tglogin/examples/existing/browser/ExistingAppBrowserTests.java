package dev.tglogin.examples.existing.browser;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app in headless Chromium, on the emulator: a local user signs in with the form, a Telegram user with Bondify
 * through the emulated Telegram page, each with their roles; Actuator's health is public. Every wait is explicit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("emulator")
@ExtendWith(Chromium.class)
class ExistingAppBrowserTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	@Value("${local.server.port}")
	int port;

	@Test
	void localUserSignsInWithTheFormAndKeepsTheirRoles(WebDriver browser) {
		Site site = new Site(browser, this.port);
		site.open("/account");
		site.waitForPath("/login");
		site.type("#username", "alice");
		site.type("#password", "alice-password");
		site.visible("#sign-in").click();
		site.waitForPath("/account");
		assertThat(site.visible("#name").getText()).isEqualTo("alice");
		assertThat(site.visible("#roles").getText()).isEqualTo("ROLE_USER");
		site.open("/admin");
		assertThat(site.visible("body").getText()).contains("403");
	}

	@Test
	void adminSignsInWithTheFormAndSeesTheAdminPage(WebDriver browser) {
		Site site = new Site(browser, this.port);
		site.open("/login");
		site.type("#username", "root");
		site.type("#password", "root-password");
		site.visible("#sign-in").click();
		site.waitForPath("/account");
		assertThat(site.visible("#roles").getText()).isEqualTo("ROLE_ADMIN, ROLE_USER");
		site.open("/admin");
		assertThat(site.visible("#admin-title").getText()).isEqualTo("Administration");
	}

	@Test
	void telegramUserSignsInWithBondifyOnTheEmulatedTelegramPage(WebDriver browser) {
		Site site = new Site(browser, this.port);
		site.open("/account");
		site.waitForPath("/login");
		site.visible("[data-tglogin=\"bondify\"] [data-tglogin-part=\"start\"]").click();
		WebElement deeplink = site.visible("[data-tglogin=\"bondify\"] [data-tglogin-part=\"deeplink\"]");
		site.await().until((driver) -> deeplink.getDomAttribute("href") != null);
		assertThat(deeplink.getDomAttribute("href")).startsWith(site.base + "/tglogin-emulator/telegram?start=");

		String appTab = browser.getWindowHandle();
		Set<String> before = browser.getWindowHandles();
		deeplink.click();
		site.await().until(ExpectedConditions.numberOfWindowsToBe(before.size() + 1));
		browser.switchTo()
			.window(browser.getWindowHandles().stream().filter((h) -> !before.contains(h)).findFirst().orElseThrow());
		site.type("#telegram_id", "200000042");
		site.type("#telegram_name", "Telegram Tess");
		site.type("#telegram_username", "tess");
		site.visible("#confirm").click();
		site.await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#state"), "Confirmed"));
		browser.close();
		browser.switchTo().window(appTab);

		// the page was polling: it goes where the user was going
		site.waitForPath("/account");
		assertThat(site.visible("#roles").getText()).isEqualTo("ROLE_USER");
		site.open("/admin");
		assertThat(site.visible("body").getText()).contains("403");
	}

	@Test
	void healthIsPublic(WebDriver browser) {
		Site site = new Site(browser, this.port);
		site.open("/actuator/health");
		assertThat(site.visible("body").getText()).contains("\"status\":\"UP\"");
	}

	/** The app as a user sees it. */
	private static final class Site {

		private final WebDriver browser;

		private final String base;

		private final WebDriverWait wait;

		Site(WebDriver browser, int port) {
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

		WebElement visible(String css) {
			return this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
		}

		void type(String css, String value) {
			WebElement input = visible(css);
			input.clear();
			input.sendKeys(value);
		}

	}

}
