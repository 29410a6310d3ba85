package dev.tglogin.autoconfigure;

import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.FilterChainProxy;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.core.TelegramUserMapper;
import dev.tglogin.link.InMemoryTelegramAccountLinks;
import dev.tglogin.link.JdbcTelegramAccountLinks;
import dev.tglogin.link.LinkedAccountUserMapper;
import dev.tglogin.link.TelegramAccountLink;
import dev.tglogin.link.TelegramAccountLinks;
import dev.tglogin.web.link.AccountLinkingUserFilter;
import dev.tglogin.test.ChainFilters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tglogin.account-links}: account linking from a property, on the app's {@code DataSource} with the store's
 * schema rules, and the linked-account mapper over the app's own users.
 */
class AccountLinksAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(BootClasses.securityWithTelegramLogin())
		.withPropertyValues("tglogin.bondify.project-id=proj_links",
				"tglogin.bondify.secret=0123456789abcdef0123456789abcdef");

	@Test
	void contextWhenAccountLinksUnsetThenNoLinkingAndTheDefaultMapper() {
		this.runner.withBean(UserDetailsService.class, AccountLinksAutoConfigurationTests::users).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(TelegramAccountLinks.class);
			assertThat(context).doesNotHaveBean(TelegramUserMapper.class);
			assertThat(hasLinkingFilter(context.getBean(FilterChainProxy.class))).isFalse();
		});
	}

	@Test
	void contextWhenJdbcAccountLinksThenTheirSchemaTheLinkingEndpointsAndTheLinkedAccountMapper() {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:autoconfig-links-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		this.runner.withBean(javax.sql.DataSource.class, () -> h2)
			.withBean(UserDetailsService.class, AccountLinksAutoConfigurationTests::users)
			.withPropertyValues("tglogin.account-links=jdbc")
			.run((context) -> {
				TelegramAccountLinks links = context.getBean(TelegramAccountLinks.class);
				assertThat(links).isInstanceOf(JdbcTelegramAccountLinks.class);
				assertThat(links.link(new TelegramAccountLink(TelegramLoginFlow.BONDIFY, "42", "alice"))).isTrue();
				assertThat(context.getBean(TelegramUserMapper.class)).isInstanceOf(LinkedAccountUserMapper.class);
				assertThat(hasLinkingFilter(context.getBean(FilterChainProxy.class))).isTrue();
			});
	}

	@Test
	void contextWhenAppHasItsOwnMapperThenItIsKept() {
		TelegramUserMapper own = TelegramUserMapper.withAuthorities("ROLE_TELEGRAM");
		this.runner.withBean(UserDetailsService.class, AccountLinksAutoConfigurationTests::users)
			.withBean(TelegramUserMapper.class, () -> own)
			.withPropertyValues("tglogin.account-links=memory")
			.run((context) -> {
				assertThat(context.getBean(TelegramAccountLinks.class)).isInstanceOf(InMemoryTelegramAccountLinks.class);
				assertThat(context.getBean(TelegramUserMapper.class)).isSameAs(own);
			});
	}

	@Test
	void contextWhenJdbcAccountLinksWithoutADataSourceThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("tglogin.account-links=jdbc")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.account-links=jdbc needs a DataSource"));
	}

	@Test
	void contextWhenAccountLinksInRedisThenStartupFailsNamingTheProperty() {
		this.runner.withPropertyValues("tglogin.account-links=redis")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tglogin.account-links must be memory or jdbc"));
	}

	private static UserDetailsService users() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}pw").roles("USER").build());
	}

	private static boolean hasLinkingFilter(FilterChainProxy proxy) {
		return ChainFilters.of(proxy)
			.stream()
			.anyMatch(AccountLinkingUserFilter.class::isInstance);
	}

}
