package dev.tglogin.oidc;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;

import dev.tglogin.test.ClientRegistrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TelegramClientRegistrationRepositoryTests {

	private final ClientRegistration telegram = TelegramOidc.clientRegistration("42", "secret").build();

	@Test
	void findByRegistrationIdWhenAppHasRegistrationsThenBothAreFound() {
		ClientRegistration github = ClientRegistrations.app("github");
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
					new InMemoryClientRegistrationRepository(ClientRegistrations.app("telegram"))))
			.withMessageContaining("'telegram'")
			.withMessageNotContaining("secret");
	}


}
