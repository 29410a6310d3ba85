package dev.tglogin.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.StaticMessageSource;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.link.InMemoryTelegramAccountLinks;
import dev.tglogin.link.TelegramAccountLinks;
import dev.tglogin.observation.TelegramLoginMetrics;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingLoginRepository;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AbstractTelegramLoginConfigurerTests {

	@Test
	void settersWhenCalledThenTheSettingsHoldTheDslValues() {
		TelegramLoginStore store = new InMemoryTelegramLoginStore();
		PendingLoginRepository pendingLogins = new HttpSessionPendingLoginRepository();
		TelegramUserMapper mapper = TelegramUserMapper.withAuthorities("ROLE_TG");
		TelegramAccountLinks links = new InMemoryTelegramAccountLinks();
		AuthenticationSuccessHandler success = (request, response, authentication) -> {
		};
		AuthenticationFailureHandler failure = (request, response, exception) -> {
		};
		TelegramLoginConfigurer configurer = telegramLogin().basePath("/tg")
			.successUrl("/home")
			.store(store)
			.pendingLoginRepository(pendingLogins)
			.userMapper(mapper)
			.accountLinks(links)
			.successHandler(success)
			.failureHandler(failure)
			.connectTimeout(Duration.ofSeconds(1))
			.readTimeout(Duration.ofSeconds(3))
			.messageSource(new StaticMessageSource())
			.metrics(TelegramLoginMetrics.NOOP);

		TelegramLoginSettings settings = configurer.settings.build(null);

		assertThat(settings.basePath()).isEqualTo("/tg");
		assertThat(settings.path("/start")).isEqualTo("/tg/start");
		assertThat(settings.successUrl()).isEqualTo("/home");
		assertThat(settings.store()).isSameAs(store);
		assertThat(settings.pendingLogins()).isSameAs(pendingLogins);
		assertThat(settings.userMapper()).isSameAs(mapper);
		assertThat(settings.accountLinks()).isSameAs(links);
		assertThat(settings.successHandler()).isSameAs(success);
		assertThat(settings.failureHandler()).isSameAs(failure);
		assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
		assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(settings.concurrentTurn()).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void settersWhenNothingSetThenTheDefaults() {
		TelegramLoginSettings settings = telegramLogin().settings.build(null);

		assertThat(settings.basePath()).isEqualTo(TelegramLoginConfigurer.DEFAULT_BASE_PATH);
		assertThat(settings.successUrl()).isEqualTo("/");
		assertThat(settings.store()).isInstanceOf(InMemoryTelegramLoginStore.class);
		assertThat(settings.accountLinks()).isNull();
		assertThat(settings.successHandler()).isNull();
	}

	@Test
	void basePathWhenNotAPathThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> telegramLogin().basePath("login"));
		assertThatIllegalArgumentException().isThrownBy(() -> telegramLogin().basePath("/login/"));
	}

	@Test
	void timeoutsWhenNotPositiveThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> telegramLogin().connectTimeout(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> telegramLogin().readTimeout(Duration.ofSeconds(-1)));
	}

}
