package dev.tglogin.examples.existing.browser;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app in headless Chromium, on the emulator: local users sign in with the form, with their roles; a user connects
 * Telegram on their account page (Bondify through the emulated Telegram page), signs out and back in with Telegram as
 * themselves, and disconnects it; an unconnected Telegram user is refused with the app's message; a password then a
 * Telegram login reach the vault; Actuator's health is public. Every wait is explicit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("emulator")
@ExtendWith(Chromium.class)
class ExistingAppBrowserTests {

	@Value("${local.server.port}")
	int port;

	@Test
	void localUserSignsInWithTheFormAndKeepsTheirRoles(WebDriver browser) {
		AppSite site = new AppSite(browser, this.port);
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
		AppSite site = new AppSite(browser, this.port);
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
	void adminConnectsTelegramOnTheProfilePageThenSignsInWithTelegramAsThemselves(WebDriver browser) {
		String telegramId = telegramId();
		AppSite site = new AppSite(browser, this.port);
		site.signIn("root", "root-password");
		assertThat(site.visible("#no-links").getText()).contains("No Telegram account is connected");
		site.connectTelegram(telegramId);
		assertThat(site.visible("[data-link-id=\"" + telegramId + "\"] .link").getText())
			.isEqualTo("bondify " + telegramId);

		site.visible("#logout").click();
		assertThat(site.visible("#logged-out").getText()).isEqualTo("You have been signed out.");
		site.bondify(telegramId);
		site.waitForPath("/account");
		assertThat(site.visible("#name").getText()).isEqualTo("root");
		assertThat(site.visible("#roles").getText()).isEqualTo("ROLE_ADMIN, ROLE_USER");
		site.open("/admin");
		assertThat(site.visible("#admin-title").getText()).isEqualTo("Administration");

		// signed in with Telegram, root disconnects it: the profile page lists no link any more
		site.open("/account");
		site.visible("[data-unlink-id=\"" + telegramId + "\"]").click();
		assertThat(site.visible("#no-links").isDisplayed()).isTrue();
	}

	@Test
	void unlinkedTelegramUserIsRefusedWithTheAppsMessage(WebDriver browser) {
		AppSite site = new AppSite(browser, this.port);
		site.open("/account");
		site.waitForPath("/login");
		site.bondify(telegramId());
		site.await()
			.until(ExpectedConditions.textToBePresentInElementLocated(
					By.cssSelector("[data-tglogin=\"bondify\"] [data-tglogin-part=\"status\"]"),
					"not connected to an Existing app account"));
		site.open("/account");
		site.waitForPath("/login");
	}

	@Test
	void passwordThenTelegramReachesTheVault(WebDriver browser) {
		String telegramId = telegramId();
		AppSite site = new AppSite(browser, this.port);
		site.signIn("alice", "alice-password");
		site.connectTelegram(telegramId);

		site.open("/vault");
		site.waitForPath("/login");
		assertThat(site.visible("#factor-telegram").getText()).contains("needs a Telegram login too");
		site.bondify(telegramId);
		site.waitForPath("/vault");
		assertThat(site.visible("#name").getText()).isEqualTo("alice");
		assertThat(site.visible("#factors").getText()).isEqualTo("FACTOR_PASSWORD, FACTOR_TELEGRAM");
	}

	@Test
	void healthIsPublic(WebDriver browser) {
		AppSite site = new AppSite(browser, this.port);
		site.open("/actuator/health");
		assertThat(site.visible("body").getText()).contains("\"status\":\"UP\"");
	}

	/** A Telegram id no other test uses (the database lives as long as the test context). */
	private static String telegramId() {
		return "79" + Math.abs(UUID.randomUUID().hashCode());
	}

}
