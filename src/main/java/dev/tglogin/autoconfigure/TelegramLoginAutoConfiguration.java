package dev.tglogin.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyProofVerifier;
import dev.tglogin.bondify.BondifyWebhookVerifier;
import dev.tglogin.bondify.HttpBondifyClient;
import dev.tglogin.core.TelegramLoginConfigurationException;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.link.InMemoryTelegramAccountLinks;
import dev.tglogin.link.JdbcTelegramAccountLinks;
import dev.tglogin.link.LinkedAccountUserMapper;
import dev.tglogin.link.TelegramAccountLinks;
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
@Import({ TelegramLoginAutoConfiguration.BondifyConfiguration.class,
		TelegramLoginAutoConfiguration.XellarConfiguration.class, RedisStoreConfiguration.class })
public final class TelegramLoginAutoConfiguration {

	/** Boot's task executor ({@code TaskExecutionAutoConfiguration}), which runs Bondify's status checks too. */
	static final String APPLICATION_TASK_EXECUTOR = "applicationTaskExecutor";

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
		DataSource source = dataSource(dataSource, "tglogin.store=jdbc");
		JdbcTelegramLoginStore store = new JdbcTelegramLoginStore(source);
		store.setCleanupInterval(properties.getJdbc().getCleanupInterval());
		if (initializeSchema(properties, source)) {
			store.createSchema();
		}
		return store;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "tglogin.account-links", havingValue = "memory")
	TelegramAccountLinks telegramAccountLinks() {
		return new InMemoryTelegramAccountLinks();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "tglogin.account-links", havingValue = "jdbc")
	TelegramAccountLinks telegramJdbcAccountLinks(TelegramLoginProperties properties,
			ObjectProvider<DataSource> dataSource) {
		DataSource source = dataSource(dataSource, "tglogin.account-links=jdbc");
		JdbcTelegramAccountLinks links = new JdbcTelegramAccountLinks(source);
		if (initializeSchema(properties, source)) {
			links.createSchema();
		}
		return links;
	}

	/**
	 * With account links and the app's own users, Telegram logins sign in as the linked local user and unlinked
	 * Telegram identities are refused, unless the app has a {@link TelegramUserMapper} bean of its own.
	 */
	@Bean
	@ConditionalOnMissingBean(TelegramUserMapper.class)
	@ConditionalOnBean({ TelegramAccountLinks.class, UserDetailsService.class })
	TelegramUserMapper telegramLinkedAccountUserMapper(TelegramAccountLinks links,
			ObjectProvider<UserDetailsService> userDetailsService) {
		return new LinkedAccountUserMapper(links, userDetailsService.getObject());
	}

	private static DataSource dataSource(ObjectProvider<DataSource> dataSource, String setting) {
		DataSource source = dataSource.getIfUnique();
		if (source == null) {
			throw TelegramLoginConfigurationException
				.of(setting + " needs a DataSource bean (for example from spring.datasource.url)");
		}
		return source;
	}

	/** Whether to create tables at start-up, as {@code tglogin.jdbc.initialize-schema} says. */
	private static boolean initializeSchema(TelegramLoginProperties properties, DataSource source) {
		String mode = properties.getJdbc().initializeSchemaMode();
		return "always".equals(mode) || "embedded".equals(mode) && isEmbedded(source);
	}

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
	@Conditional(OnTelegramLoginFlow.class)
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

	/**
	 * Whether the database is an in-memory one (H2, HSQLDB, Derby), as Boot's {@code embedded} initialization mode
	 * understands it: only there are the store's tables created without being asked.
	 */
	static boolean isEmbedded(DataSource dataSource) {
		try (java.sql.Connection connection = dataSource.getConnection()) {
			String url = String.valueOf(connection.getMetaData().getURL()).toLowerCase(java.util.Locale.ROOT);
			return url.startsWith("jdbc:h2:mem:") || url.startsWith("jdbc:hsqldb:mem:")
					|| url.startsWith("jdbc:derby:memory:");
		}
		catch (java.sql.SQLException ex) {
			return false;
		}
	}

	/**
	 * An upstream's HTTP client with the {@code tglogin.http} timeouts, observed in the app's registry, its work and
	 * answers on Boot's {@code applicationTaskExecutor} when the app has one.
	 */
	static UpstreamHttpClient upstream(String name, TelegramLoginProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry, ObjectProvider<Executor> applicationTaskExecutor) {
		Executor executor = applicationTaskExecutor.getIfAvailable();
		Duration connectTimeout = properties.getHttp().getConnectTimeout();
		Duration readTimeout = properties.getHttp().getReadTimeout();
		UpstreamHttpClient http = (executor != null)
				? new UpstreamHttpClient(name, connectTimeout, readTimeout, executor)
				: new UpstreamHttpClient(name, connectTimeout, readTimeout);
		http.setObservationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
		return http;
	}

	/**
	 * A flow is configured: Bondify's project id, Xellar's client secret, Telegram's OpenID Connect client id, or the
	 * emulator. Without one, the app's
	 * security (Boot's default chain included) stays as it was.
	 */
	static final class OnTelegramLoginFlow extends AnyNestedCondition {

		OnTelegramLoginFlow() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(prefix = "tglogin.bondify", name = "project-id")
		static final class Bondify {

		}

		@ConditionalOnProperty(prefix = "tglogin.xellar", name = "client-secret")
		static final class Xellar {

		}

		@ConditionalOnProperty(prefix = "tglogin.mini-app", name = "bot-token")
		static final class MiniAppBotToken {

		}

		@ConditionalOnProperty(prefix = "tglogin.mini-app", name = "bot-id")
		static final class MiniAppBotId {

		}

		@ConditionalOnProperty(prefix = "tglogin.telegram", name = "client-id")
		static final class Telegram {

		}

		@ConditionalOnProperty(prefix = "tglogin.emulator", name = "enabled", havingValue = "true")
		static final class Emulator {

		}

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
			BondifyProofVerifier verifier = new BondifyProofVerifier(properties.getBondify().getProjectId(),
					properties.getBondify().getSecret());
			verifier.setAdditionalSecrets(properties.getBondify().additionalSecretBytes());
			return verifier;
		}

		@Bean
		@ConditionalOnMissingBean
		BondifyWebhookVerifier bondifyWebhookVerifier(TelegramLoginProperties properties) {
			BondifyWebhookVerifier verifier = new BondifyWebhookVerifier(properties.getBondify().getSecret());
			verifier.setAdditionalSecrets(properties.getBondify().additionalSecretBytes());
			return verifier;
		}

		@Bean
		@ConditionalOnMissingBean
		BondifyClient bondifyClient(TelegramLoginProperties properties,
				ObjectProvider<ObservationRegistry> observationRegistry,
				@Qualifier(APPLICATION_TASK_EXECUTOR) ObjectProvider<Executor> applicationTaskExecutor) {
			UpstreamHttpClient http = upstream("bondify", properties, observationRegistry, applicationTaskExecutor);
			return new HttpBondifyClient(http,
					properties.getBondify().getBaseUrl(), properties.getBondify().getProjectId());
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
		XellarClient xellarClient(TelegramLoginProperties properties,
				ObjectProvider<ObservationRegistry> observationRegistry,
				@Qualifier(APPLICATION_TASK_EXECUTOR) ObjectProvider<Executor> applicationTaskExecutor) {
			TelegramLoginProperties.Xellar xellar = properties.getXellar();
			UpstreamHttpClient http = upstream("xellar", properties, observationRegistry, applicationTaskExecutor);
			HttpXellarClient client = new HttpXellarClient(http,
					xellar.getBaseUrl(), xellar.getApiVersion(), xellar.getClientSecret());
			client.setSendOtpPath(xellar.getSendOtpPath());
			client.setPhoneNumberFormat(xellar.getPhoneNumberFormat());
			return client;
		}


		@Bean
		@ConditionalOnMissingBean
		XellarWalletService xellarWalletService(XellarClient client) {
			return new XellarWalletService(client);
		}

	}

}
