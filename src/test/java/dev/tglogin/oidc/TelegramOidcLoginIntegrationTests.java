package dev.tglogin.oidc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.web.util.UriComponents;

import dev.tglogin.emulator.OidcEmulator;
import dev.tglogin.emulator.OidcEmulator.IdTokenFault;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.Factors;
import dev.tglogin.test.OidcUserAgent;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Telegram's OpenID Connect login end to end: a real {@code SecurityFilterChain} with {@code telegramLogin().oidc(..)}
 * (Spring's {@code oauth2Login()}) on embedded Jetty, a browser with its own cookies, and the emulated OpenID
 * provider over HTTP: authorize, Confirm on the emulated Telegram page, callback, logged in as the Telegram user; and
 * every wrong ID token refused.
 */
class TelegramOidcLoginIntegrationTests {

	private static EmulatorServer provider;

	private static TestApp app;

	@BeforeAll
	static void start() {
		provider = new EmulatorServer(OidcEmulator.create());
		app = new TestApp((telegram) -> telegram.oidc((oidc) -> oidc.clientId(provider.oidc().clientId())
			.clientSecret(provider.oidc().clientSecret())
			.issuerUri(provider.issuer())
			.scopes("openid", "profile", "phone")));
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		provider.close();
	}

	@Test
	void loginWhenUserConfirmsThenLoggedInAsTelegramUserWithPkceAndNonce() throws Exception {
		Browser browser = app.browser();
		assertThat(browser.get("/me").status()).isEqualTo(302);
		UriComponents authorize = authorize(browser);
		assertThat(authorize.getQueryParams().getFirst("code_challenge_method")).isEqualTo("S256");
		assertThat(authorize.getQueryParams().getFirst("nonce")).isNotBlank();
		String sessionBefore = browser.sessionId();

		Response callback = browser.get(confirm(authorize, "4242424242", "Ada Lovelace", "ada", "+4915112345678"));

		assertThat(callback.status()).isEqualTo(302);
		assertThat(callback.header("Location")).contains("/me");
		assertThat(browser.sessionId()).isNotEqualTo(sessionBefore);
		Response me = browser.get("/me?authorities");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.body()).startsWith("Hello, Ada Lovelace (4242424242, OIDC)");
		assertThat(me.body()).contains("ROLE_USER");
		if (Factors.supported()) {
			assertThat(me.body()).contains("FACTOR_TELEGRAM");
		}
	}

	@Test
	void loginPageWhenOidcOnThenItLinksToTheAuthorizationEndpoint() {
		Response page = app.browser().get("/login/telegram");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"tglogin-oidc\"", "href=\"/oauth2/authorization/telegram\"");
	}

	@Test
	void loginWhenUserCancelsThenBackOnTheLoginPageWithAnError() throws Exception {
		Browser browser = app.browser();
		UriComponents authorize = authorize(browser);
		Response callback = browser.get(OidcUserAgent.cancel(provider, authorize));
		assertThat(callback.status()).isEqualTo(302);
		assertThat(callback.header("Location")).endsWith("/login/telegram?error");
		assertThat(browser.get("/me").status()).isEqualTo(302);
	}

	@Test
	void callbackWhenReplayedInAnotherBrowserThenRefused() throws Exception {
		Browser browser = app.browser();
		String callbackUrl = confirm(authorize(browser), "4242424242", "Ada", "", "");
		assertThat(browser.get(callbackUrl).header("Location")).doesNotContain("error");
		Browser attacker = app.browser();
		authorize(attacker);
		Response replay = attacker.get(callbackUrl);
		assertThat(replay.header("Location")).endsWith("/login/telegram?error");
		assertThat(attacker.get("/me").status()).isEqualTo(302);
	}

	@ParameterizedTest
	@EnumSource(value = IdTokenFault.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
	void loginWhenIdTokenIsWrongThenRefused(IdTokenFault fault) throws Exception {
		Browser browser = app.browser();
		UriComponents authorize = authorize(browser);
		provider.oidc().nextIdTokenFault(fault);

		Response callback = browser.get(confirm(authorize, "4242424242", "Mallory", "", ""));

		assertThat(callback.status()).isEqualTo(302);
		assertThat(callback.header("Location")).endsWith("/login/telegram?error");
		assertThat(browser.get("/me").status()).isEqualTo(302);
		Response page = browser.get("/login/telegram?error");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"tglogin-error\"");
	}

	private static UriComponents authorize(Browser browser) {
		return OidcUserAgent.authorize(browser, provider);
	}

	private static String confirm(UriComponents authorize, String id, String name, String username, String phone)
			throws Exception {
		String location = OidcUserAgent.confirm(provider, authorize, id, name, username, phone);
		assertThat(location).startsWith(app.uri() + "/login/oauth2/code/telegram?code=");
		return location;
	}

}
