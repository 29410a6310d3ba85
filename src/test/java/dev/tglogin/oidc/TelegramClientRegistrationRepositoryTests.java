package dev.tglogin.oidc;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TelegramClientRegistrationRepositoryTests {

	private final ClientRegistration telegram = TelegramOidc.clientRegistration("42", "secret").build();

	@Test
	void findByRegistrationIdWhenAppHasRegistrationsThenBothAreFound() {
		ClientRegistration github = registration("github");
		TelegramClientRegistrationRepository repository = new TelegramClientRegistrationRepository(this.telegram,
				new InMemoryClientRegistrationRepository(github));
		assertThat(repository.findByRegistrationId("telegram")).isSameAs(this.telegram);
		assertThat(repository.findByRegistrationId("github")).isSameAs(github);
		assertThat(repository.findByRegistrationId("other")).isNull();
		assertThat(repository).containsExactly(this.telegram, github);
	}

	@Test
	void findByRegistrationIdWhenNoAppRepositoryThenOnlyTelegram() {
		TelegramClientRegistrationRepository repository = new TelegramClientRegistrationRepository(this.telegram,
				null);
		assertThat(repository.findByRegistrationId("github")).isNull();
		assertThat(repository).containsExactly(this.telegram);
	}

	@Test
	void constructorWhenAppAlreadyHasTelegramRegistrationThenIllegalArgument() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TelegramClientRegistrationRepository(this.telegram,
					new InMemoryClientRegistrationRepository(registration("telegram"))))
			.withMessageContaining("'telegram'")
			.withMessageNotContaining("secret");
	}

	private static ClientRegistration registration(String id) {
		return ClientRegistration.withRegistrationId(id)
			.clientId("app")
			.clientSecret("app-secret")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.authorizationUri("https://example.org/authorize")
			.tokenUri("https://example.org/token")
			.build();
	}

}
