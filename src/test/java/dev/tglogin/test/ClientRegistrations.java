package dev.tglogin.test;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * Client registrations of an application's own (beside Telegram's), for tests of the OpenID Connect login.
 */
public final class ClientRegistrations {

	private ClientRegistrations() {
	}

	/**
	 * An authorization-code registration whose authorization endpoint is {@code https://example.org/authorize}.
	 * @param registrationId the registration id
	 * @return the registration
	 */
	public static ClientRegistration app(String registrationId) {
		return ClientRegistration.withRegistrationId(registrationId)
			.clientId("app")
			.clientSecret("app-secret")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.authorizationUri("https://example.org/authorize")
			.tokenUri("https://example.org/token")
			.build();
	}

}
