package dev.tglogin.autoconfigure;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.bondify.HttpBondifyClient;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.JdbcTelegramLoginStore;
import dev.tglogin.store.TelegramLoginStore;
import dev.tglogin.web.HttpSessionPendingLoginRepository;
import dev.tglogin.web.PendingLoginRepository;
import dev.tglogin.xellar.HttpXellarClient;
import dev.tglogin.xellar.XellarClient;
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
 * instances. When the app defines no
 * {@code SecurityFilterChain}, a default one requires login everywhere and adds {@code telegramLogin()}; an app with
 * its own chain adds it with the {@link TelegramLoginCustomizer} bean:
 * {@code http.with(telegramLogin(), telegramLoginCustomizer)}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration" }, beforeName = {
		// Spring Boot 4
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		// Spring Boot 3
		"org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
		"org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, SecurityFilterChain.class })
@EnableConfigurationProperties(TelegramLoginProperties.class)
@Import({ TelegramLoginAutoConfiguration.BondifyConfiguration.class,
		TelegramLoginAutoConfiguration.XellarConfiguration.class })
public final class TelegramLoginAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "tglogin.store", havingValue = "memory", matchIfMissing = true)
	TelegramLoginStore telegramLoginStore() {
		return new InMemoryTelegramLoginStore();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "tglogin.store", havingValue = "jdbc")
	TelegramLoginStore telegramLoginJdbcStore(TelegramLoginProperties properties,
			ObjectProvider<DataSource> dataSource) {
		DataSource source = dataSource.getIfUnique();
		if (source == null) {
			throw new IllegalStateException(
					"tglogin.store=jdbc needs a DataSource bean (for example from spring.datasource.url)");
		}
		JdbcTelegramLoginStore store = new JdbcTelegramLoginStore(source);
		store.setCleanupInterval(properties.getJdbc().getCleanupInterval());
		if (properties.getJdbc().isInitializeSchema()) {
			store.createSchema();
		}
		return store;
	}

	@Bean
	@ConditionalOnMissingBean
	PendingLoginRepository telegramPendingLoginRepository() {
		return new HttpSessionPendingLoginRepository();
	}

	@Bean
	@ConditionalOnMissingBean
	TelegramLoginCustomizer telegramLoginCustomizer(TelegramLoginProperties properties) {
		return new TelegramLoginCustomizer(properties);
	}

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain telegramLoginSecurityFilterChain(HttpSecurity http, TelegramLoginCustomizer telegramLogin,
			TelegramLoginProperties properties) throws Exception {
		http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			.with(telegramLogin(), telegramLogin);
		if (properties.getLoginPage().isEnabled()) {
			http.logout((logout) -> logout.logoutSuccessUrl(properties.getBasePath() + "?logout"));
		}
		return http.build();
	}

	static UpstreamHttpClient upstream(String name, TelegramLoginProperties properties) {
		return new UpstreamHttpClient(name, properties.getHttp().getConnectTimeout(),
				properties.getHttp().getReadTimeout());
	}

	/**
	 * The Bondify flow with real credentials.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "tglogin.bondify", name = "project-id")
	static class BondifyConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BondifyProofVerifier bondifyProofVerifier(TelegramLoginProperties properties) {
			return new BondifyProofVerifier(properties.getBondify().getProjectId(), properties.getBondify().getSecret());
		}

		@Bean
		@ConditionalOnMissingBean
		BondifyWebhookVerifier bondifyWebhookVerifier(TelegramLoginProperties properties) {
			return new BondifyWebhookVerifier(properties.getBondify().getSecret());
		}

		@Bean
		@ConditionalOnMissingBean
		BondifyClient bondifyClient(TelegramLoginProperties properties) {
			return new HttpBondifyClient(upstream("bondify", properties), properties.getBondify().getBaseUrl(),
					properties.getBondify().getProjectId());
		}


	}

	/**
	 * The Xellar flow with real credentials.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "tglogin.xellar", name = "client-secret")
	static class XellarConfiguration {

		@Bean
		@ConditionalOnMissingBean
		XellarClient xellarClient(TelegramLoginProperties properties) {
			TelegramLoginProperties.Xellar xellar = properties.getXellar();
			return new HttpXellarClient(upstream("xellar", properties), xellar.getBaseUrl(), xellar.getApiVersion(),
					xellar.getClientSecret());
		}


		@Bean
		@ConditionalOnMissingBean
		XellarWalletService xellarWalletService(XellarClient client) {
			return new XellarWalletService(client);
		}

	}

}
