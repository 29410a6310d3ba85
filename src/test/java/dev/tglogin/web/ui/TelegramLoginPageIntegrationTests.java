package dev.tglogin.web.ui;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;
import dev.tglogin.web.bondify.QrCodes;
import dev.tglogin.xellar.XellarClient;
import dev.tglogin.xellar.XellarOtpChallenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The default login page, the browser client it loads and the QR code in the start answer, over HTTP through a real
 * {@code SecurityFilterChain} built with {@code telegramLogin()}.
 */
class TelegramLoginPageIntegrationTests {

	private static final String PROJECT = "proj_page";

	private static final Pattern SCRIPT_TAG = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL);

	private static final Pattern URL_ATTRIBUTE = Pattern.compile("\\b(src|href|action)=\"([^\"]*)\"");

	private static EmulatorServer upstream;

	private static TestApp both;

	private static TestApp bondifyOnly;

	private static TestApp xellarOnly;

	private static TestApp ownPage;

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().projectId(PROJECT).build());
		XellarClient xellar = mock(XellarClient.class);
		given(xellar.sendOtp(anyString())).willReturn(new XellarOtpChallenge("vt_page_test", true));
		both = new TestApp((telegram) -> telegram.bondify(TelegramLoginPageIntegrationTests::bondify)
			.xellar((x) -> x.client(xellar)));
		bondifyOnly = new TestApp((telegram) -> telegram.bondify(TelegramLoginPageIntegrationTests::bondify));
		xellarOnly = new TestApp((telegram) -> telegram.xellar((x) -> x.client(xellar)));
		ownPage = new TestApp((telegram) -> telegram.loginPage(false)
			.bondify(TelegramLoginPageIntegrationTests::bondify));
	}

	private static void bondify(dev.tglogin.config.TelegramLoginConfigurer.BondifySpec bondify) {
		bondify.projectId(PROJECT).secret(upstream.bondify().secret()).baseUrl(upstream.baseUrl());
	}

	@AfterAll
	static void stop() throws Exception {
		for (TestApp app : new TestApp[] { both, bondifyOnly, xellarOnly, ownPage }) {
			if (app != null) {
				app.close();
			}
		}
		upstream.close();
	}

	@Test
	void loginPageWhenBondifyOnThenAccessibleButtonsStatusAndNoXellarForm() {
		Response page = bondifyOnly.browser().get("/login/telegram");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("text/html").containsIgnoringCase("charset=utf-8");
		assertThat(page.header("Cache-Control")).contains("no-store");
		String html = page.body();
		assertThat(html).startsWith("<!DOCTYPE html>")
			.contains("<html lang=\"en\" dir=\"ltr\">", "<title>Log in with Telegram</title>", "<h1 ", "<main ")
			.contains("<meta name=\"tglogin_base\" content=\"/login/telegram\">")
			.contains("<button type=\"button\" id=\"tglogin-start\"", ">Log in with Telegram</button>")
			.contains("id=\"tglogin-deeplink\"", "id=\"tglogin-qr\"")
			.contains("id=\"tglogin-retry\"", "data-tglogin=\"bondify\"");
		assertThat(tag(html, "tglogin-status")).contains("role=\"status\"", "aria-live=\"polite\"");
		assertThat(tag(html, "tglogin-note")).contains("role=\"status\"", "aria-live=\"polite\"");
		assertThat(html).doesNotContain("tglogin-phone", "tglogin-otp", "data-tglogin=\"xellar\"");
	}

	@Test
	void loginPageWhenXellarOnThenShowsPhoneForm() {
		String html = both.browser().get("/login/telegram").body();

		assertThat(html).contains("id=\"tglogin-start\"", "data-tglogin=\"xellar\"");
		assertThat(tag(html, "tglogin-phone")).startsWith("<input ")
			.contains("type=\"tel\"", "autocomplete=\"tel\"", "inputmode=\"tel\"", "name=\"phoneNumber\"");
		assertThat(tag(html, "tglogin-otp")).startsWith("<input ")
			.contains("autocomplete=\"one-time-code\"", "inputmode=\"numeric\"", "name=\"otp\"");
		assertThat(html).contains("<label for=\"tglogin-phone\">", "<label for=\"tglogin-otp\">");
		assertThat(tag(html, "tglogin-send")).contains("type=\"submit\"");
		assertThat(tag(html, "tglogin-resend")).contains("type=\"button\"");
		assertThat(tag(html, "tglogin-otp-form")).contains("hidden");
		assertThat(tag(html, "tglogin-xellar-status")).contains("role=\"status\"", "aria-live=\"polite\"");
		// focus order follows the reading order: the Bondify button, then the phone form
		assertThat(html.indexOf("id=\"tglogin-start\"")).isLessThan(html.indexOf("id=\"tglogin-phone\""));
		assertThat(html).doesNotContain("tabindex");
	}

	@Test
	void loginPageWhenLoggedOutThenSaysSo() {
		assertThat(both.browser().get("/login/telegram?logout").body()).contains("id=\"tglogin-logged-out\"",
				"You have been logged out.");
		assertThat(both.browser().get("/login/telegram").body()).doesNotContain("tglogin-logged-out");
	}

	@Test
	void loginPageWhenOnlyXellarOnThenNoTelegramAppButton() {
		String html = xellarOnly.browser().get("/login/telegram").body();

		assertThat(html).contains("id=\"tglogin-phone\"").doesNotContain("tglogin-start", "data-tglogin=\"bondify\"");
	}

	@Test
	void loginPageWhenLoadedThenNoInlineScriptOrStyleAndNoExternalUrl() {
		Response page = both.browser().get("/login/telegram");
		String html = page.body();

		Matcher scripts = SCRIPT_TAG.matcher(html);
		int count = 0;
		while (scripts.find()) {
			count++;
			assertThat(scripts.group(1)).contains("src=\"/login/telegram/tglogin.js?v=");
			assertThat(scripts.group(2)).as("inline script body").isEmpty();
		}
		assertThat(count).isOne();
		assertThat(html).doesNotContain("<style", " style=\"", " onclick=", " onload=", "javascript:");
		assertThat(urls(html)).isNotEmpty().allSatisfy((url) -> assertThat(url).startsWith("/login/telegram/"));
		assertThat(html).doesNotContain("http://", "https://", "//cdn");
		assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'", "style-src 'self'",
				"img-src 'self' data:", "default-src 'none'");
	}

	@Test
	void loginPageWhenCsrfTokenFromMetaTagsIsSentThenPostsAreAccepted() {
		Browser browser = bondifyOnly.browser();
		assertThat(browser.postWithoutCsrf("/login/telegram/start", "{}").status()).isEqualTo(403);

		Response start = browser.openLoginPage().post("/login/telegram/start");

		assertThat(start.status()).isEqualTo(200);
		Response otp = both.browser().openLoginPage().post("/login/telegram/otp", "{\"phoneNumber\":\"+447700900123\"}");
		assertThat(otp.status()).isEqualTo(200);
		assertThat(otp.json()).containsEntry("status", "otp_sent");
	}

	@Test
	void startWhenBondifyThenAnswerHasTheQrCodeOfTheDeeplinkAndTheOldFieldsUnchanged() {
		Response start = bondifyOnly.browser().openLoginPage().post("/login/telegram/start");

		assertThat(start.json()).containsOnlyKeys("deeplink", "expiresAt", "pollIntervalMs", "maxWaitSeconds", "qrSvg");
		assertThat(start.json().get("pollIntervalMs")).isEqualTo(2000L);
		assertThat(Instant.parse(start.field("expiresAt"))).isAfter(Instant.now());
		assertThat(start.field("deeplink")).startsWith(upstream.baseUrl());
		String svg = start.field("qrSvg");
		assertThat(svg).startsWith("<svg").endsWith("</svg>");
		assertThat(svg).isEqualTo(QrCodes.svgOf(start.field("deeplink")));
	}

	@Test
	void scriptWhenRequestedFromThePageThenServedWithJavaScriptTypeAndCacheHeaders() throws Exception {
		Browser anonymous = both.browser();
		String src = scriptSrc(anonymous.get("/login/telegram").body());

		Response script = anonymous.get(src);

		assertThat(script.status()).isEqualTo(200);
		assertThat(script.header("Content-Type")).isEqualToIgnoringCase("text/javascript;charset=UTF-8");
		assertThat(script.header("Cache-Control")).isEqualTo("public, max-age=3600");
		assertThat(script.header("ETag")).matches("\"[0-9a-f]{12}\"");
		assertThat(script.body()).isEqualTo(classpath("tglogin.js"))
			.contains("window.tglogin", "data-tglogin", "credentials: 'same-origin'");
		assertThat(src).endsWith("?v=" + script.header("ETag").replace("\"", ""));
		assertThat(conditionalGet(both.uri().resolve(src), script.header("ETag")).statusCode()).isEqualTo(304);
		assertThat(conditionalGet(both.uri().resolve(src), "\"000000000000\"").statusCode()).isEqualTo(200);
	}

	@Test
	void styleSheetWhenRequestedFromThePageThenServedAsCss() {
		Browser anonymous = bondifyOnly.browser();
		Matcher link = Pattern.compile("<link rel=\"stylesheet\" href=\"([^\"]+)\">")
			.matcher(anonymous.get("/login/telegram").body());
		assertThat(link.find()).isTrue();

		Response css = anonymous.get(link.group(1));

		assertThat(css.status()).isEqualTo(200);
		assertThat(css.header("Content-Type")).isEqualToIgnoringCase("text/css;charset=UTF-8");
		assertThat(css.body()).isEqualTo(classpath("tglogin.css")).contains(":focus-visible");
	}

	@Test
	void scriptWhenAppHasItsOwnLoginPageThenStillServedAndTheDefaultPageIsNot() {
		Browser anonymous = ownPage.browser();

		Response script = anonymous.get("/login/telegram/tglogin.js");
		Response page = anonymous.get("/login/telegram");

		assertThat(script.status()).isEqualTo(200);
		assertThat(script.header("Content-Type")).startsWith("text/javascript");
		assertThat(page.body()).doesNotContain("data-tglogin");
	}

	@Test
	void resourcePathWhenNotOneOfTheClientFilesThenPassesThrough() {
		Browser anonymous = both.browser();
		for (String path : new String[] { "/login/telegram/other.js", "/login/telegram/tglogin.js/x",
				"/login/telegram/../tglogin.js", "/tglogin.js", "/login/telegram/TGLOGIN.JS" }) {
			Response response = anonymous.get(path);
			assertThat(response.status()).as(path).isNotEqualTo(200);
			assertThat(String.valueOf(response.header("Content-Type"))).as(path).doesNotStartWith("text/javascript");
		}
		// the app's protected resources are still protected
		assertThat(anonymous.get("/login/telegram/other.js").status()).isEqualTo(302);
		assertThat(anonymous.postWithoutCsrf("/login/telegram/tglogin.js", "{}").status()).isEqualTo(403);
	}

	private static String tag(String html, String id) {
		int at = html.indexOf("id=\"" + id + "\"");
		assertThat(at).as("element #" + id).isNotNegative();
		int open = html.lastIndexOf('<', at);
		return html.substring(open, html.indexOf('>', at) + 1);
	}

	private static List<String> urls(String html) {
		List<String> urls = new ArrayList<>();
		Matcher matcher = URL_ATTRIBUTE.matcher(html);
		while (matcher.find()) {
			urls.add(matcher.group(2));
		}
		return urls;
	}

	private static String scriptSrc(String html) {
		Matcher matcher = SCRIPT_TAG.matcher(html);
		assertThat(matcher.find()).isTrue();
		Matcher src = Pattern.compile("src=\"([^\"]+)\"").matcher(matcher.group(1));
		assertThat(src.find()).isTrue();
		return src.group(1);
	}

	private static String classpath(String name) {
		try (InputStream in = TelegramLoginPageIntegrationTests.class.getClassLoader()
			.getResourceAsStream("META-INF/resources/tglogin/" + name)) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	private static HttpResponse<String> conditionalGet(URI uri, String etag) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri).header("If-None-Match", etag).GET().build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
