package dev.tglogin.link;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.authorization.EnableMultiFactorAuthentication;

import dev.tglogin.emulator.OidcEmulator;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multi-factor step-up on Spring Security 7 with Telegram's OpenID Connect login, over HTTP with a real chain and the
 * emulated OpenID provider: a user signed in with a password who then logs in with the Telegram identity linked to
 * their account keeps one {@code Authentication} ({@code oauth2Login()}'s {@code OAuth2AuthenticationToken}, merged by
 * Spring Security's login filter because it is the same user) with both {@code FACTOR_PASSWORD} and
 * {@code FACTOR_TELEGRAM}; a page that needs both sends the browser to the Telegram login page first; an OIDC login
 * as another user replaces the login.
 */
class OidcStepUpIntegrationTests {

	private static final InMemoryTelegramAccountLinks links = new InMemoryTelegramAccountLinks();

	private static EmulatorServer provider;

	private static TestApp app;

	@BeforeAll
	static void start() {
		provider = new EmulatorServer(OidcEmulator.create());
		app = LinkingBrowsers.oidcApp(provider, links, LinkingBrowsers.users(), MultiFactorConfig.class);
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		provider.close();
	}

	@Test
	void oidcLoginAfterPasswordLoginOfTheSameUserThenBothFactors() {
		String telegramId = newTelegramId();
		Browser browser = LinkingBrowsers.signedIn(app, "alice", "alice-pw");
		assertThat(LinkingBrowsers.connectOidc(browser, provider, telegramId).header("Location"))
			.endsWith("?linked=oidc");
		// connecting proves the identity but is no login: no factor is added
		assertThat(browser.get("/whoami").body())
			.isEqualTo("UsernamePasswordAuthenticationToken alice [FACTOR_PASSWORD, ROLE_ADMIN]");

		Response login = LinkingBrowsers.loginWithOidc(browser, provider, telegramId);

		assertThat(login.header("Location")).doesNotContain("error");
		assertThat(browser.get("/whoami").body())
			.isEqualTo("OAuth2AuthenticationToken alice [FACTOR_PASSWORD, FACTOR_TELEGRAM, ROLE_ADMIN]");
	}

	@Test
	void oidcLoginOfAnotherUserThenReplacesTheLoginWithoutThePasswordFactor() {
		String telegramId = newTelegramId();
		LinkingBrowsers.connectOidc(LinkingBrowsers.signedIn(app, "bob", "bob-pw"), provider, telegramId);
		Browser alice = LinkingBrowsers.signedIn(app, "alice", "alice-pw");

		LinkingBrowsers.loginWithOidc(alice, provider, telegramId);

		assertThat(alice.get("/whoami").body()).isEqualTo("OAuth2AuthenticationToken bob [FACTOR_TELEGRAM, ROLE_USER]");
	}

	private static String newTelegramId() {
		return "55" + Math.abs(UUID.randomUUID().hashCode() % 100_000_000);
	}

	/** Turns multi-factor authentication on in every login filter, requiring no factor globally. */
	@Configuration(proxyBeanMethods = false)
	@EnableMultiFactorAuthentication(authorities = {})
	static class MultiFactorConfig {

	}

}
