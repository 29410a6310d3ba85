package dev.tglogin.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.UserDetailsService;

import dev.tglogin.core.TelegramLoginConfigurationException;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.link.InMemoryTelegramAccountLinks;
import dev.tglogin.link.JdbcTelegramAccountLinks;
import dev.tglogin.link.LinkedAccountUserMapper;
import dev.tglogin.link.TelegramAccountLinks;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.JdbcTelegramLoginStore;
import dev.tglogin.store.TelegramLoginStore;

/**
 * The {@link TelegramLoginStore} ({@code tglogin.store}: {@code memory}, the default, or {@code jdbc} in the app's
 * {@code DataSource}; {@code redis} is {@link RedisStoreConfiguration}'s) and the {@link TelegramAccountLinks}
 * ({@code tglogin.account-links}: {@code memory} or {@code jdbc}), with the {@link LinkedAccountUserMapper} that signs
 * linked users in as their local account. Every bean backs off when the app defines its own.
 */
@Configuration(proxyBeanMethods = false)
class TelegramLoginStoreConfiguration {

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

	/**
	 * Whether the database is an in-memory one (H2, HSQLDB, Derby), as Boot's {@code embedded} initialization mode
	 * understands it: only there are the store's tables created without being asked.
	 */
	static boolean isEmbedded(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			String url = String.valueOf(connection.getMetaData().getURL()).toLowerCase(Locale.ROOT);
			return url.startsWith("jdbc:h2:mem:") || url.startsWith("jdbc:hsqldb:mem:")
					|| url.startsWith("jdbc:derby:memory:");
		}
		catch (SQLException ex) {
			return false;
		}
	}

}
