package dev.tglogin.examples.demo.browser;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A Bondify login nobody confirms expires (here after a few seconds instead of Bondify's 10 minutes).
 */
@BrowserTest
@TestPropertySource(properties = "tglogin.emulator.session-lifetime=4s")
class LoginExpiryBrowserTests {

	@LocalServerPort
	int port;

	@Test
	void unconfirmedLoginShowsExpiredOnceItsLifetimeIsOver(WebDriver browser) {
		DemoSite site = new DemoSite(browser, this.port);
		site.openLoginPage();
		site.startBondifyLogin();

		site.waitForText("#tglogin-status", "The login request has expired.");
		site.visible("#tglogin-retry");
	}

}
