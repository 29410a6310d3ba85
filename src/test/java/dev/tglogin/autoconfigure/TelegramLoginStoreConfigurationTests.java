package dev.tglogin.autoconfigure;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.link.InMemoryTelegramAccountLinks;
import dev.tglogin.link.JdbcTelegramAccountLinks;
import dev.tglogin.link.LinkedAccountUserMapper;
import dev.tglogin.link.TelegramAccountLinks;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.JdbcTelegramLoginStore;
import dev.tglogin.store.TelegramLoginStore;

import static org.assertj.core.api.Assertions.assertThat;

class TelegramLoginStoreConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfig.class, TelegramLoginStoreConfiguration.class);

	@Test
	void storeWhenNoSettingThenInMemoryAndNoLinks() {
		this.runner.run((context) -> {
			assertThat(context.getBean(TelegramLoginStore.class)).isInstanceOf(InMemoryTelegramLoginStore.class);
			assertThat(context).doesNotHaveBean(TelegramAccountLinks.class).doesNotHaveBean(TelegramUserMapper.class);
		});
	}

	@Test
	void storeWhenJdbcWithoutDataSourceThenStartupFailsNamingTheSetting() {
		this.runner.withPropertyValues("tglogin.store=jdbc")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.store=jdbc needs a DataSource bean"));
	}

	@Test
	void storeWhenJdbcOnAnEmbeddedDatabaseThenJdbcWithItsTables() {
		this.runner.withPropertyValues("tglogin.store=jdbc", "tglogin.account-links=jdbc")
			.withUserConfiguration(EmbeddedDatabase.class)
			.run((context) -> {
				assertThat(context.getBean(TelegramLoginStore.class)).isInstanceOf(JdbcTelegramLoginStore.class);
				assertThat(context.getBean(TelegramAccountLinks.class)).isInstanceOf(JdbcTelegramAccountLinks.class);
				assertThat(TelegramLoginStoreConfiguration.isEmbedded(context.getBean(DataSource.class))).isTrue();
			});
	}

	@Test
	void linksWhenMemoryAndTheAppsUsersThenLinkedAccountMapper() {
		// the app's configuration comes before the auto-configuration, as in Boot
		new ApplicationContextRunner()
			.withUserConfiguration(LocalUsers.class, PropertiesConfig.class, TelegramLoginStoreConfiguration.class)
			.withPropertyValues("tglogin.account-links=memory")
			.run((context) -> {
				assertThat(context.getBean(TelegramAccountLinks.class)).isInstanceOf(InMemoryTelegramAccountLinks.class);
				assertThat(context.getBean(TelegramUserMapper.class)).isInstanceOf(LinkedAccountUserMapper.class);
			});
	}

	@Test
	void beansWhenTheAppDefinesItsOwnThenTheyBackOff() {
		TelegramLoginStore own = new InMemoryTelegramLoginStore();
		this.runner.withPropertyValues("tglogin.store=jdbc")
			.withBean(TelegramLoginStore.class, () -> own)
			.run((context) -> assertThat(context.getBean(TelegramLoginStore.class)).isSameAs(own));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TelegramLoginProperties.class)
	static class PropertiesConfig {

	}

	@Configuration(proxyBeanMethods = false)
	static class EmbeddedDatabase {

		@Bean
		DataSource dataSource() {
			return new DriverManagerDataSource("jdbc:h2:mem:storeconfig;DB_CLOSE_DELAY=-1");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LocalUsers {

		@Bean
		UserDetailsService userDetailsService() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}pw").roles("USER").build());
		}

	}

}
