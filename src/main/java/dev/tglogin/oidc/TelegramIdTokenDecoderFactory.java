package dev.tglogin.oidc;

import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.util.Assert;

/**
 * Decodes the ID tokens of the Telegram registration with exactly one signature algorithm (RS256 by default, as
 * Telegram signs them), keys from the registration's JWK Set, and Spring's ID-token validation (issuer, audience,
 * expiry, issued-at; the nonce is checked by Spring's OIDC login provider). A token with another {@code alg}, whether
 * {@code none}, {@code HS256} keyed with the public key, or another asymmetric one, is refused. ID tokens of other
 * registrations are left to the delegate. This class is thread-safe.
 */
public final class TelegramIdTokenDecoderFactory implements JwtDecoderFactory<ClientRegistration> {

	private final OidcIdTokenDecoderFactory telegram = new OidcIdTokenDecoderFactory();

	private final JwtDecoderFactory<ClientRegistration> delegate;

	private final String registrationId;

	/**
	 * Creates the factory.
	 * @param algorithm the one algorithm Telegram's ID tokens may use
	 * @param registrationId the id of the Telegram registration
	 * @param delegate the factory for the other registrations (the app's, or Spring's)
	 */
	public TelegramIdTokenDecoderFactory(SignatureAlgorithm algorithm, String registrationId,
			JwtDecoderFactory<ClientRegistration> delegate) {
		Assert.notNull(algorithm, "algorithm cannot be null");
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.notNull(delegate, "delegate cannot be null");
		this.telegram.setJwsAlgorithmResolver((registration) -> algorithm);
		this.registrationId = registrationId;
		this.delegate = delegate;
	}

	/**
	 * Parses an algorithm name, for settings.
	 * @param name an asymmetric JWS algorithm Spring can verify ({@code RS256}, {@code ES256}, {@code PS256}, ...)
	 * @return the algorithm
	 * @throws IllegalArgumentException for other names (including {@code none} and the HMAC ones)
	 */
	public static SignatureAlgorithm algorithm(String name) {
		SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
		Assert.notNull(algorithm, () -> "Unsupported ID-token algorithm " + name
				+ "; use one of RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512");
		return algorithm;
	}

	@Override
	public JwtDecoder createDecoder(ClientRegistration registration) {
		if (this.registrationId.equals(registration.getRegistrationId())) {
			return this.telegram.createDecoder(registration);
		}
		return this.delegate.createDecoder(registration);
	}

}
