package dev.tglogin.examples.demo.browser;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.tglogin.emulator.BondifyEmulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo with Bondify webhooks on ({@code tglogin.bondify.webhook.enabled=true}): the emulated Bondify sends its
 * signed {@code auth.confirmed} to the demo's webhook endpoint when the user confirms in "Telegram", so the webhook
 * path runs in the demo, not only in hand-signed test requests, and the browser lands on the profile.
 */
@BrowserTest
@TestPropertySource(properties = "tglogin.bondify.webhook.enabled=true")
class WebhookLoginBrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	BondifyEmulator bondify;

	private DemoSite site;

	@BeforeEach
	void site(WebDriver browser) {
		this.site = new DemoSite(browser, this.port);
	}

	@Test
	void loginWhenWebhooksAreOnThenTheEmulatorsSignedWebhookIsDeliveredAndTheBrowserLandsOnTheProfile(
			WebDriver browser) {
		int delivered = this.bondify.webhooksDelivered();
		this.site.openLoginPage();
		this.site.startBondifyLogin();
		String appTab = this.site.followDeeplink();
		this.site.confirmInTelegram("4242424243", "Grace Hopper", "grace");
		this.site.backTo(appTab);

		this.site.waitForPath("/profile");
		assertThat(this.site.text("#display-name")).isEqualTo("Grace Hopper");
		// the demo's webhook endpoint verified the emulator's signature and answered 2xx
		this.site.await().until((driver) -> this.bondify.webhooksDelivered() == delivered + 1);
		assertThat(this.bondify.webhookAttempts()).isEqualTo(this.bondify.webhooksDelivered());
	}

}
