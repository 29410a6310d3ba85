package dev.tglogin.link;

import java.util.List;

import org.springframework.context.ApplicationEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import dev.tglogin.config.TelegramLoginConfigurer;
import dev.tglogin.emulator.EmulatedTelegramUser;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.OidcUserAgent;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app of the account-linking integration tests (form login of its own users beside Telegram login with account
 * links and the linked-account mapper) and what they do with a browser: sign in with the form login, connect a
 * Telegram identity with the Bondify flow, log in with it, each confirmed on the emulator as Telegram user "Ada".
 */
final class LinkingBrowsers {

	private LinkingBrowsers() {
	}

	/**
	 * Starts the app: its users log in with the form, Telegram logins (Bondify on the emulator, throttling off) sign in
	 * as the linked local user.
	 * @param more more Telegram settings (another flow, say)
	 * @param configurations more configuration classes of the app
	 */
	static TestApp app(EmulatorServer upstream, String project, TelegramAccountLinks links, UserDetailsService users,
			Customizer<TelegramLoginConfigurer> more, Class<?>... configurations) {
		return app(links, users, (telegram) -> more.customize(telegram.bondify((bondify) -> bondify.projectId(project)
			.secret(upstream.bondify().secret())
			.baseUrl(upstream.baseUrl()))), configurations);
	}

	/**
	 * Starts the app with the given flows: its users log in with the form, Telegram logins (throttling off) sign in as
	 * the linked local user.
	 */
	static TestApp app(TelegramAccountLinks links, UserDetailsService users, Customizer<TelegramLoginConfigurer> flows,
			Class<?>... configurations) {
		return TestApp.withConfigurations((telegram) -> flows.customize(telegram.accountLinks(links)
			.userMapper(new LinkedAccountUserMapper(links, users))
			.throttle((throttle) -> throttle.disable())), (http) -> formLogin(http, users), configurations);
	}

	/** Starts the app with Telegram's OpenID Connect login on the emulated provider, linking back to /profile. */
	static TestApp oidcApp(EmulatorServer provider, TelegramAccountLinks links, UserDetailsService users,
			Class<?>... configurations) {
		return app(links, users, (telegram) -> telegram.oidc((oidc) -> oidc.clientId(provider.oidc().clientId())
			.clientSecret(provider.oidc().clientSecret())
			.issuerUri(provider.issuer())
			.linkRedirectUrl("/profile")), configurations);
	}

	/**
	 * Connects the Telegram identity to the signed-in user with the OpenID Connect login: {@code /link/oidc}, Confirm
	 * on the provider, the callback; returns the callback's answer.
	 */
	static Response connectOidc(Browser browser, EmulatorServer provider, String telegramId) {
		Response start = browser.post("/login/telegram/link/oidc");
		assertThat(start.status()).isEqualTo(200);
		try {
			return browser.get(OidcUserAgent.confirm(provider,
					OidcUserAgent.authorizeUrl(start.field("redirectUrl"), provider), telegramId, "Ada", "ada", ""));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Logs in with the Telegram identity through the OpenID Connect login; returns the callback's answer. */
	static Response loginWithOidc(Browser browser, EmulatorServer provider, String telegramId) {
		try {
			return browser.get(OidcUserAgent.confirm(provider, OidcUserAgent.authorize(browser, provider), telegramId,
					"Ada", "ada", ""));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The app's users: alice (ADMIN), bob and carol (USER), each with the password {@code <name>-pw}. */
	static InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-pw").roles("ADMIN").build(),
				User.withUsername("bob").password("{noop}bob-pw").roles("USER").build(),
				User.withUsername("carol").password("{noop}carol-pw").roles("USER").build());
	}

	/** Records the app's link and unlink events in the given list. */
	static void recordLinkEvents(TestApp app, List<ApplicationEvent> events) {
		app.context().addApplicationListener((ApplicationEvent event) -> {
			if (event instanceof TelegramAccountLinkedEvent || event instanceof TelegramAccountUnlinkedEvent) {
				events.add(event);
			}
		});
	}

	/** The app's own login: form login of its users (Spring Security 6.5's DSL declares {@code Exception}). */
	private static void formLogin(HttpSecurity http, UserDetailsService users) {
		try {
			http.formLogin(Customizer.withDefaults()).userDetailsService(users);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
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
