package dev.tglogin.examples.demo.browser;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Log in with Telegram" over OpenID Connect in a real browser: the login page's link, the emulated Telegram OpenID
 * provider's authorize page (Authorization Code Flow with PKCE), and back in the app as a {@code TelegramOidcUser}.
 */
@BrowserTest
class OidcLoginBrowserTests {

	@LocalServerPort
	int port;

	private DemoSite site;

	@BeforeEach
	void site(WebDriver browser) {
		this.site = new DemoSite(browser, this.port);
	}

	@Test
	void oidcLoginConfirmedOnAuthorizePageLandsOnProfileWithFlowOidc(WebDriver browser) {
		this.site.openLoginPage();
		this.site.startOidcLogin();
		this.site.confirmOidcInTelegram("5151515151", "Grace Hopper", "grace");

		this.site.waitForPath("/profile");
		assertThat(this.site.text("#display-name")).isEqualTo("Grace Hopper");
		assertThat(this.site.text("#username")).isEqualTo("@grace");
		assertThat(this.site.text("#telegram-id")).isEqualTo("5151515151");
		assertThat(this.site.text("#flow")).isEqualTo("OIDC");
		assertThat(this.site.text("#wallet-state")).startsWith("No wallet");

		// the same user as JSON
		this.site.open("/me");
		assertThat(browser.getPageSource()).contains("\"telegramId\":\"5151515151\"", "\"flow\":\"OIDC\"");
	}

	@Test
	void oidcLoginCancelledOnAuthorizePageEndsOnLoginPageWithErrorAndNotLoggedIn(WebDriver browser) {
		this.site.openLoginPage();
		this.site.startOidcLogin();
		this.site.visible("#cancel").click();

		this.site.waitForPath("/login/telegram?error");
		this.site.visible("#tglogin-error");
		this.site.open("/profile");
		this.site.waitForPath("/login/telegram");
	}

}
