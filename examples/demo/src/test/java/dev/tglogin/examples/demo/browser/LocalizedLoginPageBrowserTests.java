package dev.tglogin.examples.demo.browser;

import java.security.SecureRandom;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.HasCdp;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default login page in a browser that asks for Russian, then for Persian (right to left): the page's texts,
 * {@code lang} and {@code dir} come from the server, and what {@code tglogin.js} writes (statuses, the QR code's alt
 * text, the attempts left after a wrong code, with the language's own digits) comes from the texts the page handed
 * it; the server's error messages follow the browser's {@code Accept-Language}.
 */
@BrowserTest
class LocalizedLoginPageBrowserTests {

	@LocalServerPort
	int port;

	@Test
	void russianBrowserGetsTheRussianPageAndTheScriptSpeaksRussian(WebDriver browser) {
		DemoSite site = openLoginPage(browser, "ru-RU,ru;q=0.9", "ru", "ltr");
		assertThat(browser.getTitle()).isEqualTo("Вход через Telegram");
		assertThat(site.text("h1")).isEqualTo("Вход через Telegram");
		assertThat(site.text("#tglogin-start")).isEqualTo("Войти через Telegram");

		site.visible("#tglogin-start").click();
		site.waitForText("#tglogin-status", "Отсканируйте QR-код телефоном");
		assertThat(site.visible("#tglogin-qr img").getDomAttribute("alt"))
			.isEqualTo("QR-код: отсканируйте его телефоном, чтобы открыть Telegram");
		assertThat(site.text("#tglogin-deeplink")).isEqualTo("Открыть Telegram");

		// checked in the browser: no request, the script's own text
		site.replace("#tglogin-phone", "12");
		site.visible("#tglogin-send").click();
		site.waitForExactText("#tglogin-xellar-status",
				"Введите номер телефона в международном формате: с + и кодом страны.");
		sendCodeThenTypeAWrongOne(site, "Мы отправили код в ваш Telegram. Введите его ниже.");
		site.waitForExactText("#tglogin-xellar-status", "Неверный код. Осталось попыток: 4.");
	}

	@Test
	void persianBrowserGetsARightToLeftPageWithPersianDigitsAndLeftToRightInputs(WebDriver browser) {
		DemoSite site = openLoginPage(browser, "fa-IR,fa;q=0.9", "fa", "rtl");
		assertThat(script(browser, "return getComputedStyle(document.querySelector('main')).direction"))
			.isEqualTo("rtl");
		// phone numbers and codes are typed left to right on a right-to-left page
		assertThat(script(browser, "return getComputedStyle(document.getElementById('tglogin-phone')).direction"))
			.isEqualTo("ltr");
		assertThat(site.text("h1")).isEqualTo("ورود با تلگرام");
		// right to left: the heading starts at the right edge of the page's content
		assertThat(script(browser, "const h = document.querySelector('h1').getBoundingClientRect();"
				+ " const r = document.createRange(); r.selectNodeContents(document.querySelector('h1'));"
				+ " const t = r.getBoundingClientRect(); return (h.right - t.right) < (t.left - h.left)"))
			.isEqualTo(true);

		site.visible("#tglogin-start").click();
		site.waitForText("#tglogin-status", "کد QR را با گوشی اسکن کنید");

		sendCodeThenTypeAWrongOne(site, "کدی به تلگرام شما فرستادیم. آن را در کادر زیر وارد کنید.");
		site.waitForExactText("#tglogin-xellar-status", "کد نادرست است. تلاش\u200cهای باقی\u200cمانده: ۴.");
	}

	/**
	 * Opens the login page in a browser whose every request from this tab says it wants the given languages, and
	 * checks the page's language and direction.
	 */
	private DemoSite openLoginPage(WebDriver browser, String acceptLanguage, String lang, String dir) {
		HasCdp cdp = (HasCdp) browser;
		cdp.executeCdpCommand("Network.enable", Map.of());
		cdp.executeCdpCommand("Network.setExtraHTTPHeaders",
				Map.of("headers", Map.of("Accept-Language", acceptLanguage)));
		DemoSite site = new DemoSite(browser, this.port);
		site.open("/login/telegram");
		assertThat(script(browser, "return document.documentElement.lang")).isEqualTo(lang);
		assertThat(script(browser, "return document.documentElement.dir")).isEqualTo(dir);
		return site;
	}

	/**
	 * Asks for a code for a new phone number, waits for the page to say it was sent, then types a code that is not
	 * the one sent and submits it.
	 */
	private static void sendCodeThenTypeAWrongOne(DemoSite site, String codeSent) {
		String phone = newPhone();
		site.replace("#tglogin-phone", phone);
		site.visible("#tglogin-send").click();
		site.waitForExactText("#tglogin-xellar-status", codeSent);
		String otp = site.otpSentTo(phone);
		site.replace("#tglogin-otp", otp.equals("000000") ? "111111" : "000000");
		site.visible("#tglogin-verify").click();
	}

	private static Object script(WebDriver browser, String script) {
		return ((JavascriptExecutor) browser).executeScript(script);
	}

	/** A number the emulator has never seen. */
	private static String newPhone() {
		return "+1555" + (1_000_000 + new SecureRandom().nextInt(9_000_000));
	}

}
