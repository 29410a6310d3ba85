package dev.tglogin.test.context;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.authority.AuthorityUtils;

import dev.tglogin.core.TelegramAuthenticationToken;
import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.test.Factors;
import dev.tglogin.xellar.XellarWalletCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class MockTelegramAuthenticationTests {

	@Test
	void buildWhenOnlyIdThenBondifyLoginOfTheTelegramUserWithRoleUserAndNoCredentials() {
		TelegramAuthenticationToken token = MockTelegramAuthentication.withId("42").build();

		assertThat(token.isAuthenticated()).isTrue();
		assertThat(token.getName()).isEqualTo("42");
		assertThat(token.getPrincipal()).isSameAs(token.getTelegramUser());
		assertThat(token.getTelegramUser().getFlow()).isEqualTo(TelegramLoginFlow.BONDIFY);
		assertThat(token.getTelegramUser().getDisplayName()).isEqualTo("42");
		assertThat(token.getTelegramUser().getUsername()).isNull();
		assertThat(token.getCredentials()).isNull();
		assertThat(AuthorityUtils.authorityListToSet(token.getAuthorities())).contains("ROLE_USER");
	}

	@Test
	void buildWhenFactorsSupportedThenCarriesTheTelegramFactorAsARealLoginDoes() {
		TelegramAuthenticationToken token = MockTelegramAuthentication.withId("42").authorities("ROLE_ADMIN").build();

		assertThat(AuthorityUtils.authorityListToSet(token.getAuthorities())).contains("ROLE_ADMIN")
			.doesNotContain("ROLE_USER");
		assertThat(AuthorityUtils.authorityListToSet(token.getAuthorities()).contains("FACTOR_TELEGRAM"))
			.isEqualTo(Factors.supported());
	}

	@Test
	void buildWhenNameUsernameAndPhoneThenTheUserHasThem() {
		TelegramAuthenticationToken token = MockTelegramAuthentication.withId("42")
			.name("Alice")
			.username("alice")
			.phone("+447700900123")
			.build();

		assertThat(token.getTelegramUser().getDisplayName()).isEqualTo("Alice");
		assertThat(token.getTelegramUser().getUsername()).isEqualTo("alice");
		assertThat(token.getTelegramUser().getPhone()).isEqualTo("+447700900123");
	}

	@Test
	void buildWhenXellarWithoutWalletThenCredentialsCreateOne() {
		TelegramAuthenticationToken token = MockTelegramAuthentication.withId("u-1")
			.flow(TelegramLoginFlow.XELLAR)
			.build();

		assertThat(token.getCredentials()).isInstanceOfSatisfying(XellarWalletCredentials.class, (wallet) -> {
			assertThat(wallet.isWalletCreated()).isFalse();
			assertThat(wallet.getAccessToken()).isNotEmpty();
			assertThat(wallet.getAddresses()).isEmpty();
		});
	}

	@Test
	void buildWhenXellarWithWalletThenCredentialsAreAWalletWithAnAddress() {
		TelegramAuthenticationToken token = MockTelegramAuthentication.withId("u-1")
			.flow(TelegramLoginFlow.XELLAR)
			.walletCreated(true)
			.build();

		assertThat(token.getCredentials()).isInstanceOfSatisfying(XellarWalletCredentials.class, (wallet) -> {
			assertThat(wallet.isWalletCreated()).isTrue();
			assertThat(wallet.getWalletToken()).isNotEmpty();
			assertThat(wallet.getAddresses()).singleElement()
				.satisfies((address) -> assertThat(address.address())
					.isEqualTo(MockTelegramAuthentication.MOCK_WALLET_ADDRESS));
		});
		assertThat(token.toString()).doesNotContain("mock-wallet-token").doesNotContain("mock-refresh-token");
	}

	@Test
	void buildWhenBondifyWithWalletThenIllegalState() {
		assertThatIllegalStateException()
			.isThrownBy(() -> MockTelegramAuthentication.withId("42").walletCreated(true).build())
			.withMessageContaining("XELLAR");
	}

	@Test
	void withIdWhenEmptyThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> MockTelegramAuthentication.withId(" "));
	}

}
