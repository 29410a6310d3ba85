package dev.tglogin.examples.demo.browser;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Log in with Telegram" (Bondify deeplink) in a real browser: the login page, the emulated Telegram page, and the
 * page polling by itself until the login is confirmed or ends.
 */
@BrowserTest
class BondifyLoginBrowserTests {

	@LocalServerPort
	int port;

	private DemoSite site;

	@BeforeEach
	void site(WebDriver browser) {
		this.site = new DemoSite(browser, this.port);
	}

	@Test
	void loginShowsDeeplinkAndQrCodeThenLandsOnProfileOnceConfirmedInTelegram(WebDriver browser) {
		this.site.openLoginPage();
		this.site.startBondifyLogin();
		String appTab = this.site.followDeeplink();
		this.site.confirmInTelegram("4242424242", "Ada Lovelace", "ada");
		this.site.backTo(appTab);

		// nothing clicked in the app's tab: the page polls, sees the confirmation and goes to the profile
		this.site.waitForPath("/profile");
		assertThat(this.site.text("#display-name")).isEqualTo("Ada Lovelace");
		assertThat(this.site.text("#username")).isEqualTo("@ada");
		assertThat(this.site.text("#telegram-id")).isEqualTo("4242424242");
		assertThat(this.site.text("#flow")).isEqualTo("BONDIFY");
		assertThat(this.site.text("#wallet-state")).startsWith("No wallet");
	}

	@Test
	void cancelInTelegramShowsCancelledAndTryAgainStartsNewLoginThatWorks(WebDriver browser) {
		this.site.openLoginPage();
		String firstDeeplink = this.site.startBondifyLogin();
		String appTab = this.site.followDeeplink();
		this.site.cancelInTelegram();
		this.site.backTo(appTab);

		this.site.waitForText("#tglogin-status", "The login was cancelled in Telegram.");
		this.site.visible("#tglogin-retry").click();
		this.site.await().until((driver) -> {
			String href = this.site.visible("#tglogin-deeplink").getDomAttribute("href");
			return href != null && !href.equals(firstDeeplink);
		});
		this.site.visible("#tglogin-qr img");
		appTab = this.site.followDeeplink();
		this.site.confirmInTelegram("77777", "Second Try", "second_try");
		this.site.backTo(appTab);

		this.site.waitForPath("/profile");
		assertThat(this.site.text("#display-name")).isEqualTo("Second Try");
	}

	@Test
	void logoutEndsTheSessionSoProfileRedirectsToLoginAgain(WebDriver browser) {
		this.site.logInWithBondify("31337", "Logout Tester", "logout_tester");

		// back to the login page (the library's default after logout)
		this.site.visible("#logout").click();
		this.site.waitForPath("/login/telegram?logout");
		this.site.visible("#tglogin-start");
		this.site.open("/");
		this.site.visible("#login");

		this.site.open("/profile");
		this.site.waitForPath("/login/telegram");
		this.site.visible("#tglogin-start");
	}

}
