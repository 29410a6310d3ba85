package dev.tglogin.config;

import java.util.List;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;

import dev.tglogin.core.TelegramLoginConfigurationException;
import dev.tglogin.emulator.MiniAppEmulator;
import dev.tglogin.emulator.MiniAppEmulator.MiniAppUser;
import dev.tglogin.miniapp.MiniAppInitDataValidator;
import dev.tglogin.web.miniapp.MiniAppAuthenticationFilter;
import dev.tglogin.web.miniapp.MiniAppLoginFilter;
import dev.tglogin.web.ui.TelegramLoginPageFilter;
import dev.tglogin.web.xellar.XellarLoginFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link MiniAppLoginConfigurer} through the {@code telegramLogin()} DSL, in real {@code SecurityFilterChain}s.
 */
class MiniAppLoginConfigurerTests {

	private final MiniAppEmulator telegram = new MiniAppEmulator();

	@Test
	void configureWhenBotTokenThenMiniAppFiltersAfterCsrfBeforeUsernamePasswordAndNoProviderBean() {
		try (TestChain chain = TestChain
			.build((t) -> t.miniApp((miniApp) -> miniApp.botToken(this.telegram.botToken())))) {
			List<Class<?>> filters = chain.filterTypes();
			assertThat(filters).containsSubsequence(CsrfFilter.class, TelegramLoginPageFilter.class,
					MiniAppLoginFilter.class, MiniAppAuthenticationFilter.class,
					UsernamePasswordAuthenticationFilter.class);
			assertThat(chain.context().getBeanNamesForType(AuthenticationProvider.class)).isEmpty();
		}
	}

	@Test
	void configureWhenAuthorizationHeaderOffThenOnlyTheExchange() {
		try (TestChain chain = TestChain.build((t) -> t
			.miniApp((miniApp) -> miniApp.botId(this.telegram.botId()).authorizationHeader(false)))) {
			assertThat(chain.filterTypes()).contains(MiniAppLoginFilter.class)
				.doesNotContain(MiniAppAuthenticationFilter.class);
		}
	}

	@Test
	void configureWhenNothingSetThenNoMiniAppFilters() {
		try (TestChain chain = TestChain.build((t) -> t.xellar((x) -> x.clientSecret("xellar-client-secret")))) {
			assertThat(chain.filterTypes()).contains(XellarLoginFilter.class)
				.doesNotContain(MiniAppLoginFilter.class, MiniAppAuthenticationFilter.class);
		}
	}

	@Test
	void configureWhenValidatorBeanThenMiniAppIsOnWithItAndWithoutSettings() throws Exception {
		MiniAppInitDataValidator validator = MiniAppInitDataValidator.withPublicKey(this.telegram.botId(),
				this.telegram.publicKeyHex());
		try (TestChain chain = TestChain.withoutCsrf((t) -> {
		}, (beans) -> beans.registerBean(MiniAppInitDataValidator.class, () -> validator))) {
			assertThat(exchange(chain, this.telegram.initData(MiniAppUser.defaultUser())).getStatus()).isEqualTo(200);
		}
	}

	@Test
	void configureWhenObservationRegistryThenTheMiniAppLoginAttemptIsObserved() throws Exception {
		TestObservationRegistry observations = TestObservationRegistry.create();
		try (TestChain chain = TestChain.withoutCsrf((t) -> t.observationRegistry(observations)
			.miniApp((miniApp) -> miniApp.botToken(this.telegram.botToken())), (beans) -> {
			})) {
			assertThat(exchange(chain, this.telegram.initData(MiniAppUser.defaultUser())).getStatus()).isEqualTo(200);
		}
		TestObservationRegistryAssert.assertThat(observations)
			.hasAnObservation((observation) -> observation.hasNameEqualTo("tglogin.login.attempts")
				.hasLowCardinalityKeyValue("flow", "mini_app")
				.hasLowCardinalityKeyValue("outcome", "success"));
	}

	@Test
	void configureWhenValidatorOnDslAndBotTokenThenDslValidatorWins() throws Exception {
		MiniAppEmulator other = new MiniAppEmulator();
		try (TestChain chain = TestChain.withoutCsrf((t) -> t.miniApp((miniApp) -> miniApp
			.botToken(this.telegram.botToken())
			.validator(MiniAppInitDataValidator.withBotToken(other.botToken()))), (beans) -> {
			})) {
			assertThat(exchange(chain, other.initData(MiniAppUser.defaultUser())).getStatus()).isEqualTo(200);
			assertThat(exchange(chain, this.telegram.initData(MiniAppUser.defaultUser())).getStatus()).isEqualTo(401);
		}
	}

	@Test
	void configureWhenBotIdWithoutPublicKeyThenTelegramsProductionKeyRefusesTheEmulatorsSignature() throws Exception {
		try (TestChain chain = TestChain.withoutCsrf((t) -> t.miniApp((miniApp) -> miniApp.botId(this.telegram.botId())),
				(beans) -> {
				})) {
			assertThat(exchange(chain, this.telegram.initData(MiniAppUser.defaultUser())).getStatus()).isEqualTo(401);
		}
	}

	@Test
	void configureWhenHalfOrDoublyConfiguredThenFailsNamingTheProperty() {
		assertConfigurationError((t) -> t.miniApp((miniApp) -> miniApp.publicKey(this.telegram.publicKeyHex())),
				"tglogin.mini-app.bot-id is missing");
		assertConfigurationError(
				(t) -> t.miniApp((miniApp) -> miniApp.botToken(this.telegram.botToken()).botId(this.telegram.botId())),
				"not both");
		assertConfigurationError((t) -> t.miniApp(
				(miniApp) -> miniApp.botToken(this.telegram.botToken()).publicKey(this.telegram.publicKeyHex())),
				"tglogin.mini-app.public-key belongs to the bot-id mode");
		assertConfigurationError((t) -> t.miniApp((miniApp) -> miniApp.botId(7).publicKey("abcd")),
				"tglogin.mini-app.public-key must be 64 hex digits");
		assertConfigurationError((t) -> t.miniApp((miniApp) -> miniApp.botToken("no-token-here")),
				"tglogin.mini-app.bot-token is not a bot token");
	}

	private void assertConfigurationError(Customizer<TelegramLoginConfigurer> telegram, String message) {
		assertThatThrownBy(() -> TestChain.build(telegram).close())
			.satisfies((ex) -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex))
				.isInstanceOf(TelegramLoginConfigurationException.class)
				.hasMessageContaining(message)
				.hasMessageNotContaining("no-token-here"));
	}

	private static MockHttpServletResponse exchange(TestChain chain, String initData) throws Exception {
		return chain.post("/login/telegram/miniapp",
				com.nimbusds.jose.util.JSONObjectUtils.toJSONString(java.util.Map.of("initData", initData)),
				new MockHttpSession());
	}

}
