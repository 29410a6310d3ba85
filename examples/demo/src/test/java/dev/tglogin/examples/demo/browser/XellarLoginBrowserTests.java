package dev.tglogin.examples.demo.browser;

import java.security.SecureRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login with a code sent to Telegram (Xellar OTP) in a real browser, then the Xellar wallet on the profile page.
 */
@BrowserTest
class XellarLoginBrowserTests {

	@LocalServerPort
	int port;

	private DemoSite site;

	@BeforeEach
	void site(WebDriver browser) {
		this.site = new DemoSite(browser, this.port);
	}

	@Test
	void wrongCodeShowsAttemptsLeftRightCodeLogsInAndNewUserCreatesWallet(WebDriver browser) {
		// a number the emulator has never seen: a new Xellar user, without a wallet
		String phone = "+1555" + (1_000_000 + new SecureRandom().nextInt(9_000_000));
		this.site.openLoginPage();
		this.site.replace("#tglogin-phone", phone);
		this.site.visible("#tglogin-send").click();
		this.site.visible("#tglogin-otp");
		this.site.waitForText("#tglogin-xellar-status", "We sent a code to your Telegram.");

		String otp = this.site.otpSentTo(phone);
		this.site.replace("#tglogin-otp", otp.equals("000000") ? "111111" : "000000");
		this.site.visible("#tglogin-verify").click();
		this.site.waitForText("#tglogin-xellar-status", "The code is wrong. Attempts left: 4.");

		this.site.replace("#tglogin-otp", otp);
		this.site.visible("#tglogin-verify").click();
		this.site.waitForPath("/profile");
		assertThat(this.site.text("#display-name")).isEqualTo(phone);
		assertThat(this.site.text("#flow")).isEqualTo("XELLAR");
		assertThat(this.site.text("#phone")).isEqualTo(phone);
		assertThat(this.site.text("#telegram-id")).isNotBlank();
		assertThat(this.site.text("#wallet-state")).isEqualTo("not created");
		assertThat(browser.findElements(By.id("wallet-addresses"))).isEmpty();

		this.site.visible("#create-wallet").click();
		this.site.waitForExactText("#wallet-state", "created");
		assertThat(this.site.text("#wallet-created")).startsWith("Your wallet was created.");
		assertThat(this.site.visible("#secret0-link").getDomAttribute("href")).contains("/tglogin-emulator/secret0/");
		WebElement address = this.site.visible("#wallet-addresses .address");
		assertThat(address.getText()).startsWith("0x");
		assertThat(browser.findElements(By.id("create-wallet"))).isEmpty();

		// the wallet stays with the login: a reload shows it without the one-time notice
		browser.navigate().refresh();
		this.site.waitForExactText("#wallet-state", "created");
		assertThat(browser.findElements(By.id("wallet-created"))).isEmpty();
	}

}
