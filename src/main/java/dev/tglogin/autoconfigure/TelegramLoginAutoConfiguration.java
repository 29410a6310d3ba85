package dev.tglogin.autoconfigure;

import java.util.concurrent.Executor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.link.LinkedAccountUserMapper;
import dev.tglogin.link.TelegramAccountLinks;
import dev.tglogin.store.JdbcTelegramLoginStore;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.xellar.XellarWalletService;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;

/**
 * Auto-configuration of Telegram login from the {@code tglogin.*} properties ({@link TelegramLoginProperties}).
 * <p>
 * Each flow switches on from its credentials ({@code tglogin.bondify.project-id} + {@code secret};
 * {@code tglogin.xellar.client-secret}), or from {@code tglogin.emulator.enabled=true} in an app that has the
 * emulator artifact ({@code dev.tglogin:tglogin:emulator}), whose own auto-configuration mounts the local emulator
 * and points both flows at it. Every bean backs off when the app defines its own: the clients, the proof
 * verifier, the {@link TelegramLoginStore}, the {@link PendingLoginRepository}, the {@link XellarWalletService}; a
 * {@link TelegramUserMapper} bean is used when present. The authentication providers are never beans: the
 * {@code telegramLogin()} DSL builds them from these collaborators, so an app's own {@code UserDetailsService} keeps
 * backing its global {@code AuthenticationManager}. {@code tglogin.store=jdbc}
 * puts single-use records and counters in the app's {@code DataSource} ({@link JdbcTelegramLoginStore}), shared by all
 * instances; {@code tglogin.store=redis} puts them in the app's Redis ({@code RedisTelegramLoginStore}).
 * {@code tglogin.account-links=jdbc} (or {@code memory}) turns account linking on ({@link TelegramAccountLinks}); with
 * the app's {@code UserDetailsService}, Telegram logins then sign in as the linked local user
 * ({@link LinkedAccountUserMapper}). When a flow is configured and the app defines no
 * {@code SecurityFilterChain}, a default one requires login everywhere (but on Actuator's health endpoint, public as in
 * Boot's own default chain) and adds {@code telegramLogin()} (with no flow
 * configured, the app's security, Boot's default chain included, is left as it is); an app with
 * its own chain adds it with the {@link TelegramLoginCustomizer} bean:
 * {@code http.with(telegramLogin(), telegramLoginCustomizer)}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration" }, beforeName = {
		// Spring Boot 4
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		// Spring Boot 3
		"org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
		"org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
		// Boot's oauth2Login() chain for spring.security.oauth2.client.* backs off when ours is there
		"org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration",
		"org.springframework.boot.autoconfigure.security.oauth2.client.servlet.OAuth2ClientWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, SecurityFilterChain.class })
@EnableConfigurationProperties(TelegramLoginProperties.class)
@Import({ TelegramLoginStoreConfiguration.class, RedisStoreConfiguration.class, BondifyConfiguration.class,
		XellarConfiguration.class })
public final class TelegramLoginAutoConfiguration {

	/** Boot's task executor ({@code TaskExecutionAutoConfiguration}), which runs Bondify's status checks too. */
	static final String APPLICATION_TASK_EXECUTOR = "applicationTaskExecutor";

	@Bean
	@ConditionalOnMissingBean
	PendingLoginRepository telegramPendingLoginRepository() {
		return new HttpSessionPendingLoginRepository();
	}

	@Bean
	@ConditionalOnMissingBean
	TelegramLoginCustomizer telegramLoginCustomizer(TelegramLoginProperties properties,
			@Qualifier(APPLICATION_TASK_EXECUTOR) ObjectProvider<Executor> applicationTaskExecutor) {
		TelegramLoginCustomizer customizer = new TelegramLoginCustomizer(properties);
		applicationTaskExecutor.ifAvailable(customizer::setStatusExecutor);
		return customizer;
	}

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	@Conditional(OnTelegramLoginFlowCondition.class)
	SecurityFilterChain telegramLoginSecurityFilterChain(HttpSecurity http, TelegramLoginCustomizer telegramLogin,
			TelegramLoginProperties properties) throws Exception {
		http.authorizeHttpRequests((authorize) -> {
			// as Boot's own management chain, which this chain replaces, has it
			ActuatorHealthRequests.matcher().ifPresent((health) -> authorize.requestMatchers(health).permitAll());
			authorize.anyRequest().authenticated();
		}).with(telegramLogin(), telegramLogin);
		if (properties.getLoginPage().isEnabled()) {
			http.logout((logout) -> logout.logoutSuccessUrl(properties.getBasePath() + "?logout"));
		}
		return http.build();
	}

}
