package dev.tglogin.config;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

import dev.tglogin.core.TelegramLoginConfigurationException;

/**
 * The settings behind {@link TelegramLoginConfigurer.OidcSpec}: the DSL methods and what they set, read by
 * {@link OidcLoginConfigurer}. Only strings, so that the façade loads without {@code spring-security-oauth2-client}.
 *
 * @param <S> the public spec type
 */
abstract class AbstractOidcSpec<S extends AbstractOidcSpec<S>> {

	/** Telegram's issuer, as {@code dev.tglogin.oidc.TelegramOidc#ISSUER} has it. */
	static final String DEFAULT_ISSUER_URI = "https://oauth.telegram.org";

	private static final String OAUTH2_CLIENT = "org.springframework.security.oauth2.client."
			+ "registration.ClientRegistration";

	private static final String OAUTH2_JOSE = "org.springframework.security.oauth2.jwt.NimbusJwtDecoder";

	private @Nullable String clientId;

	private @Nullable String clientSecret;

	private String issuerUri = DEFAULT_ISSUER_URI;

	private List<String> scopes = List.of("openid", "profile");

	private String jwsAlgorithm = "RS256";

	private @Nullable String linkRedirectUrl;

	AbstractOidcSpec() {
	}

	/**
	 * Sets the client id: the bot's numeric id, from BotFather. Setting it switches the flow on.
	 * @param clientId the client id
	 * @return this
	 */
	public S clientId(String clientId) {
		Assert.hasText(clientId, "clientId cannot be empty");
		this.clientId = clientId;
		return self();
	}

	/**
	 * Sets the client secret from BotFather (server-side only).
	 * @param clientSecret the secret
	 * @return this
	 */
	public S clientSecret(String clientSecret) {
		Assert.hasText(clientSecret, "clientSecret cannot be empty");
		this.clientSecret = clientSecret;
		return self();
	}

	/**
	 * Sets the issuer, whose endpoints are at Telegram's paths below it. Defaults to
	 * {@code https://oauth.telegram.org}; the emulator sets its own.
	 * @param issuerUri the issuer, without a trailing {@code /}
	 * @return this
	 */
	public S issuerUri(String issuerUri) {
		Assert.isTrue(issuerUri != null && issuerUri.startsWith("http") && !issuerUri.endsWith("/"),
				"issuerUri must be an http(s) URL without a trailing /");
		this.issuerUri = issuerUri;
		return self();
	}

	/**
	 * Sets the scopes to ask for. Defaults to {@code openid profile}; add {@code phone} for the phone number and
	 * {@code telegram:bot_access} to let the bot message the user.
	 * @param scopes the scopes, including {@code openid}
	 * @return this
	 */
	public S scopes(String... scopes) {
		Assert.isTrue(scopes != null && List.of(scopes).contains("openid"), "scopes must include openid");
		this.scopes = List.of(scopes);
		return self();
	}

	/**
	 * Sets the one JWS algorithm Telegram's ID tokens may use: the one chosen for the bot in BotFather. Defaults to
	 * {@code RS256}, Telegram's default; {@code ES256}, {@code EdDSA} and {@code ES256K} are supported too, the last
	 * with BouncyCastle ({@code bcprov}) on the class path, its curve not being in the JDK (without it, start-up fails
	 * saying so).
	 * @param jwsAlgorithm an asymmetric algorithm name such as {@code RS256}, {@code ES256}, {@code EdDSA} or
	 * {@code ES256K}
	 * @return this
	 */
	public S jwsAlgorithm(String jwsAlgorithm) {
		Assert.hasText(jwsAlgorithm, "jwsAlgorithm cannot be empty");
		this.jwsAlgorithm = jwsAlgorithm;
		return self();
	}

	/**
	 * Sets where the browser goes back after connecting a Telegram identity through the OpenID Connect login
	 * ({@code POST <base>/link/oidc}, with account links on), with {@code ?linked=oidc} or
	 * {@code ?link_error=account_already_linked|link_failed} added. Defaults to the success URL.
	 * @param linkRedirectUrl a path (relative to the context path) or absolute URL, such as the profile page
	 * @return this
	 */
	public S linkRedirectUrl(String linkRedirectUrl) {
		Assert.hasText(linkRedirectUrl, "linkRedirectUrl cannot be empty");
		this.linkRedirectUrl = linkRedirectUrl;
		return self();
	}

	/**
	 * Whether the flow is on: a client id is set. Fails fast when the secret or the OAuth2 dependencies are missing.
	 */
	boolean enabled() {
		if (this.clientId == null) {
			return false;
		}
		if (this.clientSecret == null) {
			throw TelegramLoginConfigurationException.of("Telegram OpenID Connect login needs a client secret "
					+ "(tglogin.telegram.client-secret) with its client id");
		}
		ClassLoader classLoader = AbstractOidcSpec.class.getClassLoader();
		if (!ClassUtils.isPresent(OAUTH2_CLIENT, classLoader) || !ClassUtils.isPresent(OAUTH2_JOSE, classLoader)) {
			throw TelegramLoginConfigurationException.of("Telegram OpenID Connect login needs the dependencies "
					+ "org.springframework.security:spring-security-oauth2-client and spring-security-oauth2-jose");
		}
		return true;
	}

	@Nullable String clientId() {
		return this.clientId;
	}

	@Nullable String clientSecret() {
		return this.clientSecret;
	}

	String issuerUri() {
		return this.issuerUri;
	}

	List<String> scopes() {
		return this.scopes;
	}

	String jwsAlgorithm() {
		return this.jwsAlgorithm;
	}

	@Nullable String linkRedirectUrl() {
		return this.linkRedirectUrl;
	}

	@SuppressWarnings("unchecked")
	private S self() {
		return (S) this;
	}

}
