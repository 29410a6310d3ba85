package dev.tglogin.examples.existing.browser;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Xellar (a code sent to Telegram) in headless Chromium, on the emulator: a user signed in with their password
 * connects Telegram on their account page with the Xellar form, signs out and back in with Xellar as themselves, with
 * their roles, and disconnects it; a Xellar user connected to nobody is refused with the app's message.
 * <p>
 * Xellar sends one code per phone number per minute, and the library keeps to that
 * ({@code tglogin.throttle.otp-send-interval}), as the emulator does ({@code tglogin.emulator.otp-request-interval}):
 * here both are off, so that the login right after connecting needs no wait. The test context has its own
 * in-memory database (Boot names each embedded database uniquely), so no link of another test class is in it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tglogin.throttle.otp-send-interval=0s", "tglogin.emulator.otp-request-interval=0s" })
@ActiveProfiles("emulator")
@ExtendWith(Chromium.class)
class XellarLinkBrowserTests {

	private static final String LOGIN_FORM = "[data-tglogin=\"xellar\"]";

	private static final String XELLAR_LINK = "[data-link-flow=\"xellar\"]";

	@Value("${local.server.port}")
	int port;

	@Test
	void adminConnectsXellarOnTheProfilePageThenSignsInWithXellarAsThemselves(WebDriver browser) {
		String phone = phoneNumber();
		AppSite site = new AppSite(browser, this.port);
		site.signIn("root", "root-password");
		assertThat(site.visible("#no-links").getText()).contains("No Telegram account is connected");
		site.xellar("#connect-xellar", phone);
		// account.js reloads the page once the library answers "linked": the link is listed, by its Xellar user id
		WebElement link = site.visible(XELLAR_LINK);
		String xellarUserId = link.getDomAttribute("data-link-id");
		assertThat(xellarUserId).isNotBlank();
		assertThat(link.findElement(By.className("link")).getText())
			.isEqualTo("xellar " + xellarUserId);

		site.visible("#logout").click();
		assertThat(site.visible("#logged-out").getText()).isEqualTo("You have been signed out.");
		site.xellar(LOGIN_FORM, phone);
		site.waitForPath("/account");
		assertThat(site.visible("#name").getText()).isEqualTo("root");
		assertThat(site.visible("#roles").getText()).isEqualTo("ROLE_ADMIN, ROLE_USER");
		assertThat(site.visible(XELLAR_LINK).getDomAttribute("data-link-id")).isEqualTo(xellarUserId);
		site.open("/admin");
		assertThat(site.visible("#admin-title").getText()).isEqualTo("Administration");

		// signed in with Xellar, root disconnects it: the profile page lists no link any more
		site.open("/account");
		site.visible("[data-unlink-flow=\"xellar\"][data-unlink-id=\"" + xellarUserId + "\"]").click();
		assertThat(site.visible("#no-links").isDisplayed()).isTrue();
	}

	@Test
	void unlinkedXellarUserIsRefusedWithTheAppsMessage(WebDriver browser) {
		AppSite site = new AppSite(browser, this.port);
		site.open("/account");
		site.waitForPath("/login");
		site.xellar(LOGIN_FORM, phoneNumber());
		site.waitForText(LOGIN_FORM + " [data-tglogin-part=\"status\"]", "not connected to an Existing app account");
		site.open("/account");
		site.waitForPath("/login");
	}

	/** A phone number the emulator has not seen: a new Xellar user. */
	private static String phoneNumber() {
		return "+1555" + (1_000_000 + new SecureRandom().nextInt(9_000_000));
	}

}
