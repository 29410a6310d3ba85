package dev.tglogin.link;

import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the account-linking integration tests do with a browser: sign in with the app's form login, connect a
 * Telegram identity with the Bondify flow, log in with it, each confirmed on the emulator as Telegram user "Ada".
 */
final class LinkingBrowsers {

	private LinkingBrowsers() {
	}

	/** A browser signed in with the form login. */
	static Browser signedIn(TestApp app, String username, String password) {
		Browser browser = app.browser().openLoginPage();
		Response login = browser.formLogin(username, password);
		assertThat(login.status()).isEqualTo(302);
		assertThat(login.header("Location")).doesNotContain("error");
		return browser;
	}

	/** Connects the Telegram identity to the signed-in user: {@code /link/start}, confirm, {@code /link/status}. */
	static Response connectBondify(Browser browser, EmulatorServer upstream, String telegramId) {
		Response start = browser.post("/login/telegram/link/start");
		assertThat(start.status()).isEqualTo(200);
		assertThat(browser.post("/login/telegram/link/status").json()).containsEntry("status", "pending");
		upstream.bondify().confirm(token(start), EmulatedTelegramUser.of(telegramId, "Ada", "ada"));
		return browser.post("/login/telegram/link/status");
	}

	/** Logs in with the Telegram identity: {@code /start}, confirm, {@code /status}. */
	static Response loginWithBondify(Browser browser, EmulatorServer upstream, String telegramId) {
		Response start = browser.post("/login/telegram/start");
		assertThat(start.status()).isEqualTo(200);
		upstream.bondify().confirm(token(start), EmulatedTelegramUser.of(telegramId, "Ada", "ada"));
		return browser.post("/login/telegram/status");
	}

	/** The Bondify session token of a start answer's deeplink. */
	static String token(Response start) {
		String deeplink = start.field("deeplink");
		return deeplink.substring(deeplink.indexOf("start=") + "start=".length());
	}

}
