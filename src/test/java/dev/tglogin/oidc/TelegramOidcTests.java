package dev.tglogin.oidc;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TelegramOidcTests {

	@Test
	void clientRegistrationWhenClientIdAndSecretThenTelegramsEndpointsPkceAndSub() {
		ClientRegistration registration = TelegramOidc.clientRegistration("1234567890", "bot-secret").build();
		assertThat(registration.getRegistrationId()).isEqualTo("telegram");
		assertThat(registration.getClientId()).isEqualTo("1234567890");
		assertThat(registration.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.AUTHORIZATION_CODE);
		assertThat(registration.getClientAuthenticationMethod())
			.isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		assertThat(registration.getClientSettings().isRequireProofKey()).isTrue();
		assertThat(registration.getScopes()).containsExactlyInAnyOrder("openid", "profile");
		ClientRegistration.ProviderDetails provider = registration.getProviderDetails();
		assertThat(provider.getIssuerUri()).isEqualTo("https://oauth.telegram.org");
		assertThat(provider.getAuthorizationUri()).isEqualTo("https://oauth.telegram.org/auth");
		assertThat(provider.getTokenUri()).isEqualTo("https://oauth.telegram.org/token");
		assertThat(provider.getJwkSetUri()).isEqualTo("https://oauth.telegram.org/.well-known/jwks.json");
		assertThat(provider.getUserInfoEndpoint().getUri()).isNull();
		assertThat(provider.getUserInfoEndpoint().getUserNameAttributeName()).isEqualTo("sub");
	}

	@Test
	void clientRegistrationWhenIssuerThenEndpointsBelowIt() {
		ClientRegistration registration = TelegramOidc
			.clientRegistration("http://127.0.0.1:8080/tglogin-emulator/oidc", "42", "secret")
			.scope("openid", "profile", "phone")
			.build();
		assertThat(registration.getProviderDetails().getTokenUri())
			.isEqualTo("http://127.0.0.1:8080/tglogin-emulator/oidc/token");
		assertThat(registration.getScopes()).contains("phone");
	}

	@Test
	void clientRegistrationWhenIssuerEndsWithSlashOrSecretEmptyThenIllegalArgument() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TelegramOidc.clientRegistration("https://oauth.telegram.org/", "42", "secret"));
		assertThatIllegalArgumentException().isThrownBy(() -> TelegramOidc.clientRegistration("42", ""));
	}

}
