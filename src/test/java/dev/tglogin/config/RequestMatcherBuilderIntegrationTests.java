package dev.tglogin.config;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.emulator.XellarEmulator;
import dev.tglogin.test.Browser;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app whose chain shares a {@code PathPatternRequestMatcher.Builder} with a base path ({@code /app}, as for a
 * dispatcher servlet mapped there; the builder Spring Security's own login configurers use) gets every Telegram endpoint under it, over HTTP through a real chain on Jetty:
 * the page, its files, the Bondify and Xellar logins, the webhook (and its CSRF exemption), and the redirect of
 * browsers to the page; the unprefixed paths are no endpoints.
 */
class RequestMatcherBuilderIntegrationTests {

	private static EmulatorServer upstream;

	private static TestApp app;

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().build(), XellarEmulator.builder().build());
		app = TestApp.withConfigurations((telegram) -> telegram
			.bondify((bondify) -> bondify.projectId(upstream.bondify().projectId())
				.secret(upstream.bondify().secret())
				.baseUrl(upstream.baseUrl())
				.webhook(true))
			.xellar((xellar) -> xellar.clientSecret(upstream.xellar().clientSecret()).baseUrl(upstream.baseUrl()))
			.throttle((throttle) -> throttle.disable()),
				(http) -> http.setSharedObject(PathPatternRequestMatcher.Builder.class,
						PathPatternRequestMatcher.withDefaults().basePath("/app")));
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
	}

	@Test
	void bondifyLoginWhenTheBuilderHasABasePathThenItsEndpointsAreUnderIt() {
		Browser browser = app.browser().openLoginPage("/app/login/telegram");
		String deeplink = browser.post("/app/login/telegram/start").field("deeplink");
		String token = deeplink.substring(deeplink.indexOf("start=") + "start=".length());
		upstream.bondify().confirm(token, EmulatedTelegramUser.of("515001", "Base Path", "basepath"));
		// webhooks are on, so the status endpoint waits for Bondify's signed webhook, here under the base path too
		String event = "{\"event\":\"auth.confirmed\",\"session_token\":\"" + token
				+ "\",\"telegram_id\":\"515001\",\"telegram_name\":\"Base Path\",\"confirmed_at\":1700000000000}";
		String signature = new BondifyWebhookVerifier(upstream.bondify().secret())
			.sign(event.getBytes(StandardCharsets.UTF_8));
		assertThat(app.browser()
			.postWithoutCsrfWithHeader("/app/login/telegram/webhook", event, "X-Bondify-Signature", signature)
			.status()).isEqualTo(204);

		assertThat(browser.post("/app/login/telegram/status").json()).containsEntry("status", "confirmed");
	}

	@Test
	void xellarLoginWhenTheBuilderHasABasePathThenItsEndpointsAreUnderIt() {
		Browser browser = app.browser().openLoginPage("/app/login/telegram");
		String phone = "+15550515002";
		assertThat(browser.post("/app/login/telegram/otp", "{\"phoneNumber\":\"" + phone + "\"}").json())
			.containsEntry("status", "otp_sent");
		String otp = upstream.xellar().lastOtp(phone).orElseThrow();

		assertThat(browser.post("/app/login/telegram/otp/verify", "{\"otp\":\"" + otp + "\"}").json())
			.containsEntry("status", "confirmed");
	}

	@Test
	void webhookWhenTheBuilderHasABasePathThenItIsUnderItAndExemptFromCsrfThere() {
		String event = "{\"event\":\"auth.confirmed\"}";

		// answered by the webhook filter (a bad signature), past CSRF protection
		assertThat(app.browser().postWithoutCsrf("/app/login/telegram/webhook", event).status()).isEqualTo(401);
		// no endpoint there: CSRF protection refuses the POST
		assertThat(app.browser().postWithoutCsrf("/login/telegram/webhook", event).status()).isEqualTo(403);
	}

	@Test
	void pageWhenTheBuilderHasABasePathThenItAndItsLinksAreUnderIt() {
		Browser.Response page = app.browser().get("/app/login/telegram");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("/app/login/telegram/tglogin.js").doesNotContain("\"/login/telegram");
		assertThat(app.browser().get("/app/login/telegram/tglogin.js").status()).isEqualTo(200);
		assertThat(app.browser().get("/private").header("Location")).endsWith("/app/login/telegram");
	}

	@Test
	void endpointsWhenRequestedWithoutTheBasePathThenTheyAreNotThere() {
		Browser browser = app.browser().openLoginPage("/app/login/telegram");

		Browser.Response start = browser.post("/login/telegram/start");
		assertThat(start.status()).isNotEqualTo(200);
		assertThat(start.body()).doesNotContain("deeplink");
		assertThat(app.browser().get("/login/telegram").status()).isNotEqualTo(200);
		assertThat(app.browser().get("/login/telegram/tglogin.js").status()).isNotEqualTo(200);
	}

}
