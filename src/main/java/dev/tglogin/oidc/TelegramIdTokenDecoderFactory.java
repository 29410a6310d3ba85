package dev.tglogin.oidc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

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
 * the two Spring lacks through nimbus's {@code DefaultJWTProcessor} pinned to the one algorithm, with the same
 * validation: {@code EdDSA} (Ed25519) with the JDK's Ed25519 (no extra dependency), {@code ES256K} (secp256k1, no
 * longer in the JDK since Java 16) with nimbus's ECDSA verifier on BouncyCastle, which the app adds
 * ({@code org.bouncycastle:bcprov-jdk18on}, an optional dependency of tglogin) and which is handed to nimbus's JCA
 * context only, never registered as a JCA provider of the JVM. Without BouncyCastle on the class path,
 * {@code ES256K} is refused when the factory is made. This class is thread-safe.
 */
public final class TelegramIdTokenDecoderFactory implements JwtDecoderFactory<ClientRegistration> {

	/** The name of the Ed25519 algorithm. */
	static final String EDDSA = "EdDSA";

	/** The name of ECDSA over secp256k1. */
	static final String ES256K = "ES256K";

	/** Whether BouncyCastle, which {@code ES256K} needs, is on the class path. */
	private static final boolean BOUNCY_CASTLE_PRESENT = ClassUtils.isPresent(
			"org.bouncycastle.jce.provider.BouncyCastleProvider", TelegramIdTokenDecoderFactory.class.getClassLoader());

	private final @Nullable OidcIdTokenDecoderFactory spring;

	/** The decoders on nimbus ({@code EdDSA}, {@code ES256K}), or {@code null} for Spring's algorithms. */
	private final @Nullable Function<ClientRegistration, JwtDecoder> nimbus;

	private final Map<String, JwtDecoder> nimbusDecoders = new ConcurrentHashMap<>();

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
		this.nimbus = null;
		this.registrationId = registrationId;
		this.delegate = delegate;
	}

	private TelegramIdTokenDecoderFactory(Function<ClientRegistration, JwtDecoder> nimbus, String registrationId,
			JwtDecoderFactory<ClientRegistration> delegate) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.notNull(delegate, "delegate cannot be null");
		this.spring = null;
		this.nimbus = nimbus;
		this.registrationId = registrationId;
		this.delegate = delegate;
	}

	/**
	 * Creates the factory for an algorithm by name, as Telegram's bot settings and {@code tglogin.telegram.jws-algorithm}
	 * name it.
	 * @param algorithm {@code RS256}, {@code ES256}, {@code EdDSA}, {@code ES256K} (with BouncyCastle on the class
	 * path), or another asymmetric algorithm of Spring's {@link SignatureAlgorithm} ({@code RS384}, {@code PS256}, ...)
	 * @param registrationId the id of the Telegram registration
	 * @param delegate the factory for the other registrations (the app's, or Spring's)
	 * @return the factory
	 * @throws TelegramLoginConfigurationException for {@code ES256K} without BouncyCastle, {@code none}, the HMAC
	 * algorithms and unknown names
	 */
	public static TelegramIdTokenDecoderFactory of(String algorithm, String registrationId,
			JwtDecoderFactory<ClientRegistration> delegate) {
		return of(algorithm, registrationId, delegate, BOUNCY_CASTLE_PRESENT);
	}

	/**
	 * Creates the factory as {@link #of(String, String, JwtDecoderFactory)} does, being told whether BouncyCastle is
	 * on the class path (a seam for tests).
	 * @param algorithm the algorithm's name
	 * @param registrationId the id of the Telegram registration
	 * @param delegate the factory for the other registrations
	 * @param bouncyCastlePresent whether BouncyCastle is on the class path
	 * @return the factory
	 */
	static TelegramIdTokenDecoderFactory of(String algorithm, String registrationId,
			JwtDecoderFactory<ClientRegistration> delegate, boolean bouncyCastlePresent) {
		if (EDDSA.equals(algorithm)) {
			return new TelegramIdTokenDecoderFactory(EdDsaIdTokenDecoders::create, registrationId, delegate);
		}
		if (ES256K.equals(algorithm)) {
			if (!bouncyCastlePresent) {
				throw TelegramLoginConfigurationException.of("ID tokens signed ES256K need BouncyCastle: their "
						+ "curve, secp256k1, is not in the JDK since Java 16. Add bcprov "
						+ "(org.bouncycastle:bcprov-jdk18on) to the application's dependencies, or choose RS256 "
						+ "(Telegram's default), ES256 or EdDSA for the bot in BotFather and set "
						+ "tglogin.telegram.jws-algorithm to it");
			}
			// Es256kIdTokenDecoders, which names BouncyCastle, is loaded from here on only
			return new TelegramIdTokenDecoderFactory(Es256kIdTokenDecoders::create, registrationId, delegate);
		}
		return new TelegramIdTokenDecoderFactory(algorithm(algorithm), registrationId, delegate);
	}

	/**
	 * Parses the name of one of Spring's algorithms, for settings.
	 * @param name an asymmetric JWS algorithm Spring can verify ({@code RS256}, {@code ES256}, {@code PS256}, ...)
	 * @return the algorithm
	 * @throws TelegramLoginConfigurationException for other names (including {@code none}, the HMAC ones, and
	 * {@code EdDSA} and {@code ES256K}, which {@link #of} takes)
	 */
	public static SignatureAlgorithm algorithm(String name) {
		SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
		if (algorithm == null) {
			throw TelegramLoginConfigurationException.of("Unsupported ID-token algorithm " + name
					+ " (tglogin.telegram.jws-algorithm); use the one chosen for the bot: RS256 (Telegram's default), "
					+ "ES256, EdDSA or ES256K (with bcprov), or another of RS384, RS512, ES384, ES512, PS256, "
					+ "PS384, PS512");
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
		Assert.state(this.nimbus != null, "No decoder");
		Function<ClientRegistration, JwtDecoder> nimbus = this.nimbus;
		// one per registration, so that its JWK Set cache lives across logins
		return this.nimbusDecoders.computeIfAbsent(registration.getRegistrationId(),
				(id) -> nimbus.apply(registration));
	}

}
