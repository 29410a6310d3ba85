package dev.tglogin.oidc;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.Assert;

/**
 * Telegram's OpenID provider ({@value #ISSUER}) as a Spring Security {@link ClientRegistration}:
 * <pre>
 * ClientRegistration telegram = TelegramOidc.clientRegistration("1234567890", clientSecret).build();
 * </pre>
 * The registration is built statically from Telegram's documented endpoints (the same ones its discovery document
 * {@value #DISCOVERY_PATH} lists) rather than by discovery at start-up, so the app starts while
 * {@code oauth.telegram.org} is unreachable; the ID token's issuer is still checked against {@value #ISSUER}. It uses
 * the authorization-code grant with PKCE ({@code requireProofKey}), HTTP Basic client authentication, the scopes
 * {@code openid profile}, no user-info endpoint (Telegram puts the claims in the ID token) and {@code sub} as the
 * name attribute.
 */
public final class TelegramOidc {

	/** The registration id, as in {@code /oauth2/authorization/telegram}. */
	public static final String REGISTRATION_ID = "telegram";

	/** Telegram's issuer. */
	public static final String ISSUER = "https://oauth.telegram.org";

	/** The discovery document, relative to the issuer. */
	public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

	/** The authorization endpoint, relative to the issuer. */
	public static final String AUTHORIZATION_PATH = "/auth";

	/** The token endpoint, relative to the issuer. */
	public static final String TOKEN_PATH = "/token";

	/** The JSON Web Key Set, relative to the issuer. */
	public static final String JWKS_PATH = "/.well-known/jwks.json";

	/** The default scopes: the ID token with the user's name, username and picture. */
	public static final String[] DEFAULT_SCOPES = { "openid", "profile" };

	private TelegramOidc() {
	}

	/**
	 * Starts the registration for Telegram's issuer {@value #ISSUER}.
	 * @param clientId the client id (the bot's numeric id, from BotFather)
	 * @param clientSecret the client secret (from BotFather; server-side only)
	 * @return the builder, for further settings (for example {@code scope(...)})
	 */
	public static ClientRegistration.Builder clientRegistration(String clientId, String clientSecret) {
		return clientRegistration(ISSUER, clientId, clientSecret);
	}

	/**
	 * Starts the registration for the given issuer (Telegram's, or the emulator's), whose endpoints are at Telegram's
	 * paths below it.
	 * @param issuerUri the issuer, without a trailing {@code /}
	 * @param clientId the client id
	 * @param clientSecret the client secret
	 * @return the builder
	 */
	public static ClientRegistration.Builder clientRegistration(String issuerUri, String clientId,
			String clientSecret) {
		Assert.isTrue(issuerUri != null && issuerUri.startsWith("http") && !issuerUri.endsWith("/"),
				"issuerUri must be an http(s) URL without a trailing /");
		Assert.hasText(clientId, "clientId cannot be empty");
		Assert.hasText(clientSecret, "clientSecret cannot be empty");
		return ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientName("Telegram")
			.clientId(clientId)
			.clientSecret(clientSecret)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/{action}/oauth2/code/{registrationId}")
			.scope(DEFAULT_SCOPES)
			.issuerUri(issuerUri)
			.authorizationUri(issuerUri + AUTHORIZATION_PATH)
			.tokenUri(issuerUri + TOKEN_PATH)
			.jwkSetUri(issuerUri + JWKS_PATH)
			.userNameAttributeName("sub")
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build());
	}

}
