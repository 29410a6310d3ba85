package dev.tglogin.link;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.authorization.EnableMultiFactorAuthentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.test.Browser;
import dev.tglogin.test.Browser.Response;
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app on Spring Security 7 whose pages need both {@code FACTOR_PASSWORD} and {@code FACTOR_TELEGRAM}
 * ({@code @EnableMultiFactorAuthentication}), over HTTP: after the password, a browser is sent to the Telegram login
 * page for the missing factor, as one-time-token login does for {@code FACTOR_OTT}; after the Telegram login of the
 * linked identity, the page is served.
 */
class RequiredTelegramFactorIntegrationTests {

	private static final String PROJECT = "proj_required_factor";

	private static final InMemoryTelegramAccountLinks links = new InMemoryTelegramAccountLinks();

	private static EmulatorServer upstream;

	private static TestApp app;

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().projectId(PROJECT).build());
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-pw").roles("ADMIN").build());
		app = LinkingBrowsers.app(upstream, PROJECT, links, users, Customizer.withDefaults(), BothFactorsConfig.class);
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
	}

	@Test
	void pageWhenTelegramFactorMissingThenSentToTelegramLoginAndAfterItServed() {
		String telegramId = "79" + Math.abs(UUID.randomUUID().hashCode());
		Browser browser = LinkingBrowsers.signedIn(app, "alice", "alice-pw");
		// linking needs a signed-in user, not both factors
		assertThat(LinkingBrowsers.connectBondify(browser, upstream, telegramId).json()).containsEntry("status",
				"linked");

		Response missing = browser.get("/whoami");
		assertThat(missing.status()).isEqualTo(302);
		assertThat(missing.header("Location")).endsWith("/login/telegram?factor.type=telegram&factor.reason=missing");

		assertThat(LinkingBrowsers.loginWithBondify(browser.openLoginPage(), upstream, telegramId).json())
			.containsEntry("status", "confirmed");
		Response served = browser.get("/whoami");
		assertThat(served.status()).isEqualTo(200);
		assertThat(served.body())
			.isEqualTo("TelegramAuthenticationToken alice [FACTOR_PASSWORD, FACTOR_TELEGRAM, ROLE_ADMIN]");
	}

	/** Every page that needs a login needs both factors. */
	@Configuration(proxyBeanMethods = false)
	@EnableMultiFactorAuthentication(authorities = { "FACTOR_PASSWORD", "FACTOR_TELEGRAM" })
	static class BothFactorsConfig {

	}

}
