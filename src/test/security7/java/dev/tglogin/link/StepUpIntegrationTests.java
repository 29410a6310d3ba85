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
import dev.tglogin.test.EmulatorServer;
import dev.tglogin.test.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multi-factor step-up on Spring Security 7 ({@code @EnableMultiFactorAuthentication}), over HTTP with a real chain:
 * a user signed in with a password who then logs in with the Telegram identity linked to their account keeps one
 * {@code Authentication} with both {@code FACTOR_PASSWORD} and {@code FACTOR_TELEGRAM}; a Telegram login as another
 * user replaces the login. In {@code src/test/security7}: the spring-boot-3 profile (Spring Security 6.5, which has no
 * factors) does not compile it.
 */
class StepUpIntegrationTests {

	private static final String PROJECT = "proj_step_up";

	private static final InMemoryTelegramAccountLinks links = new InMemoryTelegramAccountLinks();

	private static EmulatorServer upstream;

	private static TestApp app;

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().projectId(PROJECT).build());
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-pw").roles("ADMIN").build(),
				User.withUsername("bob").password("{noop}bob-pw").roles("USER").build());
		app = LinkingBrowsers.app(upstream, PROJECT, links, users, Customizer.withDefaults(), MultiFactorConfig.class);
	}

	@AfterAll
	static void stop() throws Exception {
		app.close();
		upstream.close();
	}

	@Test
	void telegramLoginAfterPasswordLoginOfTheSameUserThenBothFactors() {
		String telegramId = "77" + Math.abs(UUID.randomUUID().hashCode());
		Browser browser = LinkingBrowsers.signedIn(app, "alice", "alice-pw");
		assertThat(browser.get("/whoami").body())
			.isEqualTo("UsernamePasswordAuthenticationToken alice [FACTOR_PASSWORD, ROLE_ADMIN]");
		assertThat(LinkingBrowsers.connectBondify(browser, upstream, telegramId).json()).containsEntry("status",
				"linked");
		// connecting proves the identity but is no login: no factor is added
		assertThat(browser.get("/whoami").body())
			.isEqualTo("UsernamePasswordAuthenticationToken alice [FACTOR_PASSWORD, ROLE_ADMIN]");

		assertThat(LinkingBrowsers.loginWithBondify(browser, upstream, telegramId).json()).containsEntry("status",
				"confirmed");

		assertThat(browser.get("/whoami").body())
			.isEqualTo("TelegramAuthenticationToken alice [FACTOR_PASSWORD, FACTOR_TELEGRAM, ROLE_ADMIN]");
	}

	@Test
	void telegramLoginOfAnotherUserThenReplacesTheLoginWithoutThePasswordFactor() {
		String telegramId = "78" + Math.abs(UUID.randomUUID().hashCode());
		LinkingBrowsers.connectBondify(LinkingBrowsers.signedIn(app, "bob", "bob-pw"), upstream, telegramId);
		Browser alice = LinkingBrowsers.signedIn(app, "alice", "alice-pw");

		assertThat(LinkingBrowsers.loginWithBondify(alice, upstream, telegramId).json()).containsEntry("status",
				"confirmed");

		assertThat(alice.get("/whoami").body()).isEqualTo("TelegramAuthenticationToken bob [FACTOR_TELEGRAM, ROLE_USER]");
	}

	/** Turns multi-factor authentication on in every login filter, requiring no factor globally. */
	@Configuration(proxyBeanMethods = false)
	@EnableMultiFactorAuthentication(authorities = {})
	static class MultiFactorConfig {

	}

}
