package dev.tglogin.web;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.StaticMessageSource;
import org.springframework.web.util.HtmlUtils;

import dev.tglogin.config.TelegramLoginConfigurer.BondifySpec;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;
import dev.tglogin.xellar.XellarClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The default page and the error messages in the request's language ({@code Accept-Language}), over HTTP through a
 * real {@code SecurityFilterChain} built with {@code telegramLogin()}; and an app's own texts set on the DSL.
 */
class TelegramLoginI18nIntegrationTests {

	private static final String PROJECT = "proj_i18n";

	private static final Pattern HTML_TAG = Pattern.compile("<html [^>]*>");

	private static final Pattern CLIENT_TEXTS = Pattern
		.compile("<meta name=\"tglogin_messages\" content=\"([^\"]*)\">");

	private static EmulatorServer upstream;

	private static TestApp app;

	private static TestApp overridden;

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().projectId(PROJECT).build());
		XellarClient xellar = mock(XellarClient.class);
		app = new TestApp((telegram) -> telegram.bondify(TelegramLoginI18nIntegrationTests::bondify)
			.xellar((x) -> x.client(xellar)));
		StaticMessageSource acme = new StaticMessageSource();
		acme.addMessage("tglogin.page.title", Locale.forLanguageTag("ru"), "Вход в Acme");
		acme.addMessage("tglogin.client.start", Locale.forLanguageTag("ru"), "Войти в Acme через Telegram");
		acme.addMessage("tglogin.error.no_pending_login", Locale.forLanguageTag("ru"), "Сначала начните вход в Acme");
		overridden = new TestApp(
				(telegram) -> telegram.messageSource(acme).bondify(TelegramLoginI18nIntegrationTests::bondify));
	}

	private static void bondify(BondifySpec bondify) {
		bondify.projectId(PROJECT).secret(upstream.bondify().secret()).baseUrl(upstream.baseUrl());
	}

	@AfterAll
	static void stop() throws Exception {
		for (TestApp each : new TestApp[] { app, overridden }) {
			if (each != null) {
				each.close();
			}
		}
		upstream.close();
	}

	@Test
	void loginPageWhenAcceptLanguageRussianThenRussianPageAndScriptTexts() throws Exception {
		Response page = app.browser().get("/login/telegram", "Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5");

		assertThat(page.status()).isEqualTo(200);
		String html = page.body();
		assertThat(htmlTag(html)).isEqualTo("<html lang=\"ru\" dir=\"ltr\">");
		assertThat(html).contains("<title>Вход через Telegram</title>", ">Войти через Telegram</button>",
				"<label for=\"tglogin-phone\">Номер телефона</label>", ">Получить код</button>",
				"Нажмите кнопку, затем подтвердите вход в Telegram.");
		assertThat(html).doesNotContain("Log in with Telegram", "Phone number", "Send code");
		assertThat(clientTexts(html)).containsEntry("start", "Войти через Telegram")
			.containsEntry("wrongCodeAttempts", "Неверный код. Осталось попыток: {0}.")
			.containsOnlyKeys(TelegramLoginMessages.CLIENT_KEYS);
	}

	@Test
	void loginPageWhenAcceptLanguagePersianThenRightToLeftWithNumbersLeftToRight() throws Exception {
		String html = app.browser().get("/login/telegram", "Accept-Language", "fa-IR").body();

		assertThat(htmlTag(html)).isEqualTo("<html lang=\"fa\" dir=\"rtl\">");
		assertThat(html).contains("<title>ورود با تلگرام</title>", ">ارسال کد</button>");
		// phone numbers and codes are typed left to right, also on a right-to-left page
		assertThat(tag(html, "tglogin-phone")).contains("dir=\"ltr\"");
		assertThat(tag(html, "tglogin-otp")).contains("dir=\"ltr\"");
		assertThat(clientTexts(html)).containsEntry("start", "ورود با تلگرام");
	}

	@Test
	void loginPageWhenLanguageNotShippedThenEnglish() throws Exception {
		for (String language : new String[] { "de-DE", "en-GB", "zh-Hans-CN" }) {
			String html = app.browser().get("/login/telegram", "Accept-Language", language).body();
			assertThat(htmlTag(html)).as(language).isEqualTo("<html lang=\"en\" dir=\"ltr\">");
			assertThat(html).as(language).contains("<title>Log in with Telegram</title>");
			assertThat(clientTexts(html)).as(language).containsEntry("start", "Log in with Telegram");
		}
	}

	@Test
	void errorWhenAcceptLanguageThenMessageInThatLanguageAndCodeUnchanged() {
		Browser browser = app.browser().openLoginPage();

		assertError(browser.post("/login/telegram/status", "{}", "Accept-Language", "uk-UA"), 409, "no_pending_login",
				"У цьому сеансі немає розпочатого входу; спершу почніть вхід");
		assertError(browser.post("/login/telegram/status", "{}", "Accept-Language", "en"), 409, "no_pending_login",
				"No login is pending in this session; start one first");
	}

	@Test
	void errorWhenMessageHasArgumentsThenTranslatedWithThem() {
		Browser browser = app.browser().openLoginPage();

		assertError(browser.post("/login/telegram/otp", "{\"phoneNumber\": 12}", "Accept-Language", "es-MX"), 400,
				"invalid_request", "El campo \"phoneNumber\" debe ser un texto no vacío");
		assertError(browser.post("/login/telegram/otp", "{\"phoneNumber\":\"12\"}", "Accept-Language", "id"), 400,
				"invalid_request",
				"Kolom \"phoneNumber\" harus berupa nomor telepon dalam format internasional (+...)");
	}

	@Test
	void pageAndErrorsWhenAppSetsItsOwnMessagesThenItsTextsWinAndTheLibraryFillsTheRest() throws Exception {
		Browser browser = overridden.browser();
		String html = browser.get("/login/telegram", "Accept-Language", "ru").body();

		assertThat(html).contains("<title>Вход в Acme</title>", ">Войти в Acme через Telegram</button>",
				"Нажмите кнопку, затем подтвердите вход в Telegram.");
		assertThat(clientTexts(html)).containsEntry("start", "Войти в Acme через Telegram")
			.containsEntry("retry", "Попробовать снова");
		assertThat(browser.get("/login/telegram", "Accept-Language", "en").body())
			.contains("<title>Log in with Telegram</title>");
		Response error = browser.openLoginPage().post("/login/telegram/status", "{}", "Accept-Language", "ru");
		assertThat(error.json()).containsEntry("error", "no_pending_login")
			.containsEntry("message", "Сначала начните вход в Acme");
	}

	private static void assertError(Response response, int status, String code, String message) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.json()).containsEntry("error", code).containsEntry("message", message);
	}

	private static String htmlTag(String html) {
		Matcher m = HTML_TAG.matcher(html);
		assertThat(m.find()).as("an <html> tag").isTrue();
		return m.group();
	}

	private static Map<String, Object> clientTexts(String html) throws Exception {
		Matcher m = CLIENT_TEXTS.matcher(html);
		assertThat(m.find()).as("the tglogin_messages meta tag").isTrue();
		return JSONObjectUtils.parse(HtmlUtils.htmlUnescape(m.group(1)));
	}

	private static String tag(String html, String id) {
		int at = html.indexOf("id=\"" + id + "\"");
		assertThat(at).as(id).isPositive();
		return html.substring(html.lastIndexOf('<', at), html.indexOf('>', at) + 1);
	}

}
