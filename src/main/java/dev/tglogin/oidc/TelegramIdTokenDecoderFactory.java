package dev.tglogin.oidc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramLoginConfigurationException;

/**
 * Decodes the ID tokens of the Telegram registration with exactly one signature algorithm (RS256 by default, as
 * Telegram signs them), keys from the registration's JWK Set, and Spring's ID-token validation (issuer, audience,
 * expiry, issued-at; the nonce is checked by Spring's OIDC login provider). A token with another {@code alg}, whether
 * {@code none}, {@code HS256} keyed with the public key, or another asymmetric one, is refused. ID tokens of other
 * registrations are left to the delegate.
 * <p>
 * Telegram lets a bot choose {@code RS256}, {@code ES256}, {@code EdDSA} or {@code ES256K}. The algorithms of Spring's
 * {@link SignatureAlgorithm} ({@code RS256}, {@code ES256}, ...) go through Spring's {@link OidcIdTokenDecoderFactory};
 * {@code EdDSA} (Ed25519), which Spring lacks, through nimbus with the JDK's Ed25519 and the same validation (no extra
 * dependency); {@code ES256K} is refused when the factory is made: its curve, secp256k1, is no longer in the JDK
 * (removed from SunEC in Java 16), and verifying it would need a JCA provider such as BouncyCastle. This class is
 * thread-safe.
 */
public final class TelegramIdTokenDecoderFactory implements JwtDecoderFactory<ClientRegistration> {

	/** The name of the Ed25519 algorithm. */
	static final String EDDSA = "EdDSA";

	private final @Nullable OidcIdTokenDecoderFactory spring;

	private final Map<String, JwtDecoder> edDsaDecoders = new ConcurrentHashMap<>();

	private final JwtDecoderFactory<ClientRegistration> delegate;

	private final String registrationId;

	/**
	 * Creates the factory for one of Spring's algorithms.
	 * @param algorithm the one algorithm Telegram's ID tokens may use
	 * @param registrationId the id of the Telegram registration
	 * @param delegate the factory for the other registrations (the app's, or Spring's)
	 */
	public TelegramIdTokenDecoderFactory(SignatureAlgorithm algorithm, String registrationId,
			JwtDecoderFactory<ClientRegistration> delegate) {
		Assert.notNull(algorithm, "algorithm cannot be null");
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.notNull(delegate, "delegate cannot be null");
		this.spring = new OidcIdTokenDecoderFactory();
		this.spring.setJwsAlgorithmResolver((registration) -> algorithm);
		this.registrationId = registrationId;
		this.delegate = delegate;
	}

	private TelegramIdTokenDecoderFactory(String registrationId, JwtDecoderFactory<ClientRegistration> delegate) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.notNull(delegate, "delegate cannot be null");
		this.spring = null;
		this.registrationId = registrationId;
		this.delegate = delegate;
	}

	/**
	 * Creates the factory for an algorithm by name, as Telegram's bot settings and {@code tglogin.telegram.jws-algorithm}
	 * name it.
	 * @param algorithm {@code RS256}, {@code ES256}, {@code EdDSA}, or another asymmetric algorithm of Spring's
	 * {@link SignatureAlgorithm} ({@code RS384}, {@code PS256}, ...)
	 * @param registrationId the id of the Telegram registration
	 * @param delegate the factory for the other registrations (the app's, or Spring's)
	 * @return the factory
	 * @throws TelegramLoginConfigurationException for {@code ES256K}, {@code none}, the HMAC algorithms and unknown
	 * names
	 */
	public static TelegramIdTokenDecoderFactory of(String algorithm, String registrationId,
			JwtDecoderFactory<ClientRegistration> delegate) {
		if (EDDSA.equals(algorithm)) {
			return new TelegramIdTokenDecoderFactory(registrationId, delegate);
		}
		return new TelegramIdTokenDecoderFactory(algorithm(algorithm), registrationId, delegate);
	}

	/**
	 * Parses the name of one of Spring's algorithms, for settings.
	 * @param name an asymmetric JWS algorithm Spring can verify ({@code RS256}, {@code ES256}, {@code PS256}, ...)
	 * @return the algorithm
	 * @throws TelegramLoginConfigurationException for other names (including {@code none}, the HMAC ones,
	 * {@code ES256K}, and {@code EdDSA}, which {@link #of} takes)
	 */
	public static SignatureAlgorithm algorithm(String name) {
		if ("ES256K".equals(name)) {
			throw TelegramLoginConfigurationException.of("ID tokens signed ES256K cannot be verified: its curve, "
					+ "secp256k1, is not in the JDK since Java 16. Choose RS256 (Telegram's default), ES256 or EdDSA "
					+ "for the bot in BotFather and set tglogin.telegram.jws-algorithm to it");
		}
		SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
		if (algorithm == null) {
			throw TelegramLoginConfigurationException.of("Unsupported ID-token algorithm " + name
					+ " (tglogin.telegram.jws-algorithm); use the one chosen for the bot: RS256 (Telegram's default), "
					+ "ES256 or EdDSA, or another of RS384, RS512, ES384, ES512, PS256, PS384, PS512");
		}
		return algorithm;
	}

	@Override
	public JwtDecoder createDecoder(ClientRegistration registration) {
		if (!this.registrationId.equals(registration.getRegistrationId())) {
			return this.delegate.createDecoder(registration);
		}
		if (this.spring != null) {
			return this.spring.createDecoder(registration);
		}
		// one per registration, so that its JWK Set cache lives across logins
		return this.edDsaDecoders.computeIfAbsent(registration.getRegistrationId(),
				(id) -> EdDsaIdTokenDecoders.create(registration));
	}

}
