package dev.tglogin.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.web.FilterChainProxy;

import dev.tglogin.emulator.MiniAppEmulator;
import dev.tglogin.miniapp.MiniAppAuthenticationProvider;
import dev.tglogin.web.miniapp.MiniAppAuthenticationFilter;
import dev.tglogin.web.miniapp.MiniAppLoginFilter;
import dev.tglogin.test.ChainFilters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tglogin.mini-app.*} properties: the flow switched on by a bot token or a bot id in the default chain,
 * the maximum age and the tma filter mapped onto the DSL, and wrong settings failing start-up naming the property.
 */
class MiniAppAutoConfigurationTests {

	private static final MiniAppEmulator telegram = new MiniAppEmulator();

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(BootClasses.securityWithTelegramLogin());

	@Test
	void contextWhenBotTokenThenMiniAppFlowIsOnInTheDefaultChainWithoutAProviderBean() {
		this.runner.withPropertyValues("tglogin.mini-app.bot-token=" + telegram.botToken()).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasBean("telegramLoginSecurityFilterChain")
				.doesNotHaveBean(MiniAppAuthenticationProvider.class);
			assertThat(filterTypes(context.getBean(FilterChainProxy.class))).contains(MiniAppLoginFilter.class,
					MiniAppAuthenticationFilter.class);
		});
	}

	@Test
	void contextWhenBotIdAndAuthorizationHeaderOffThenOnlyTheExchange() {
		this.runner
			.withPropertyValues("tglogin.mini-app.bot-id=" + telegram.botId(),
					"tglogin.mini-app.public-key=" + telegram.publicKeyHex(),
					"tglogin.mini-app.authorization-header=false", "tglogin.mini-app.max-age=5m")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TelegramLoginProperties.MiniApp miniApp = context.getBean(TelegramLoginProperties.class).getMiniApp();
				assertThat(miniApp.getMaxAge()).hasMinutes(5);
				assertThat(miniApp.toString()).doesNotContain(telegram.botToken());
				assertThat(filterTypes(context.getBean(FilterChainProxy.class))).contains(MiniAppLoginFilter.class)
					.doesNotContain(MiniAppAuthenticationFilter.class);
			});
	}

	@Test
	void contextWhenPublicKeyWithoutBotIdThenStartupFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("tglogin.bondify.project-id=proj_x",
					"tglogin.bondify.secret=0123456789abcdef0123456789abcdef",
					"tglogin.mini-app.public-key=" + telegram.publicKeyHex())
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.mini-app.bot-id is missing"));
	}

	@Test
	void contextWhenBotTokenAndBotIdThenStartupFailsWithoutEchoingTheToken() {
		this.runner
			.withPropertyValues("tglogin.mini-app.bot-token=" + telegram.botToken(),
					"tglogin.mini-app.bot-id=" + telegram.botId())
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("not both")
				.hasMessageNotContaining(telegram.botToken()));
	}

	@Test
	void contextWhenMaxAgeNotPositiveThenStartupFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("tglogin.mini-app.bot-token=" + telegram.botToken(), "tglogin.mini-app.max-age=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.mini-app.max-age must be positive"));
	}

	@Test
	void contextWhenEmulatorAndRealMiniAppSettingsThenStartupFails() {
		this.runner
			.withPropertyValues("tglogin.emulator.enabled=true", "tglogin.mini-app.bot-token=" + telegram.botToken())
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.mini-app.bot-token")
				.hasMessageNotContaining(telegram.botToken()));
	}

	private static List<Class<?>> filterTypes(FilterChainProxy proxy) {
		return ChainFilters.of(proxy)
			.stream()
			.<Class<?>>map(Object::getClass)
			.toList();
	}

}
