package dev.tglogin.test.context;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.xellar.XellarWalletCredentials;

import static org.assertj.core.api.Assertions.assertThat;

class WithMockTelegramUserSecurityContextFactoryTests {

	private final WithMockTelegramUserSecurityContextFactory factory = new WithMockTelegramUserSecurityContextFactory();

	@Test
	void createSecurityContextWhenDefaultsThenBondifyUserWithDefaultIdAndRoleUser() {
		TelegramAuthenticationToken token = token("defaults");

		assertThat(token.getName()).isEqualTo(MockTelegramAuthentication.DEFAULT_ID);
		assertThat(token.getTelegramUser().getFlow()).isEqualTo(TelegramLoginFlow.BONDIFY);
		assertThat(token.getTelegramUser().getUsername()).isNull();
		assertThat(token.getTelegramUser().getPhone()).isNull();
		assertThat(token.getCredentials()).isNull();
		assertThat(AuthorityUtils.authorityListToSet(token.getAuthorities())).contains("ROLE_USER");
	}

	@Test
	void createSecurityContextWhenValueThenItIsTheId() {
		assertThat(token("value").getName()).isEqualTo("7");
	}

	@Test
	void createSecurityContextWhenEveryAttributeThenTheLoginHasThem() {
		TelegramAuthenticationToken token = token("everything");

		assertThat(token.getName()).isEqualTo("u-9");
		assertThat(token.getTelegramUser().getFlow()).isEqualTo(TelegramLoginFlow.XELLAR);
		assertThat(token.getTelegramUser().getDisplayName()).isEqualTo("Alice");
		assertThat(token.getTelegramUser().getUsername()).isEqualTo("alice");
		assertThat(token.getTelegramUser().getPhone()).isEqualTo("+447700900123");
		assertThat(((XellarWalletCredentials) token.getCredentials()).isWalletCreated()).isTrue();
		assertThat(AuthorityUtils.authorityListToSet(token.getAuthorities())).contains("ROLE_ADMIN", "wallet:write")
			.doesNotContain("ROLE_USER");
	}

	private TelegramAuthenticationToken token(String method) {
		WithMockTelegramUser annotation;
		try {
			annotation = MergedAnnotations.from(getClass().getDeclaredMethod(method))
				.get(WithMockTelegramUser.class)
				.synthesize();
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
		SecurityContext context = this.factory.createSecurityContext(annotation);
		return (TelegramAuthenticationToken) context.getAuthentication();
	}

	@WithMockTelegramUser
	void defaults() {
	}

	@WithMockTelegramUser("7")
	void value() {
	}

	@WithMockTelegramUser(id = "u-9", flow = TelegramLoginFlow.XELLAR, name = "Alice", username = "alice",
			phone = "+447700900123", walletCreated = true, authorities = { "ROLE_ADMIN", "wallet:write" })
	void everything() {
	}

	/** The annotation where users put it: on a test of a Spring test context, through Spring Security's listener. */
	@Nested
	@SpringJUnitConfig(Empty.class)
	@WithMockTelegramUser(id = "42", username = "class_level")
	class InASpringTest {

		@Test
		void testWhenClassAnnotatedThenTheSecurityContextHoldsTheTelegramLogin() {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();

			assertThat(authentication).isInstanceOfSatisfying(TelegramAuthenticationToken.class, (token) -> {
				assertThat(token.getName()).isEqualTo("42");
				assertThat(token.getTelegramUser().getUsername()).isEqualTo("class_level");
			});
		}

		@Test
		@WithMockTelegramUser(id = "43", flow = TelegramLoginFlow.XELLAR)
		void testWhenMethodAnnotatedThenItWinsOverTheClass() {
			TelegramAuthenticationToken token = (TelegramAuthenticationToken) SecurityContextHolder.getContext()
				.getAuthentication();

			assertThat(token.getName()).isEqualTo("43");
			assertThat(token.getTelegramUser().getFlow()).isEqualTo(TelegramLoginFlow.XELLAR);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
