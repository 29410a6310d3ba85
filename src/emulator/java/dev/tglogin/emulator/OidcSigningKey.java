package dev.tglogin.emulator;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;

import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The emulated provider's signing key, of the algorithm a bot chose in BotFather: {@code RS256} (an RSA key, Telegram's
 * default), {@code ES256} (P-256), {@code EdDSA} (Ed25519, signed with the JDK's own Ed25519) or {@code ES256K}
 * (secp256k1, which the JDK lacks: made and signed with BouncyCastle, which must then be on the class path, handed to
 * nimbus's JCA context only).
 */
final class OidcSigningKey {

	/** The algorithms the emulator signs with. */
	static final Set<String> ALGORITHMS = Set.of("RS256", "ES256", "EdDSA", "ES256K");

	private static final boolean BOUNCY_CASTLE_PRESENT = ClassUtils
		.isPresent("org.bouncycastle.jce.provider.BouncyCastleProvider", OidcSigningKey.class.getClassLoader());

	private final JWSAlgorithm algorithm;

	private final JWK publicKey;

	private final JWSSigner signer;

	private OidcSigningKey(JWSAlgorithm algorithm, JWK publicKey, JWSSigner signer) {
		this.algorithm = algorithm;
		this.publicKey = publicKey;
		this.signer = signer;
	}

	/**
	 * Makes a new key.
	 * @param algorithm {@code RS256}, {@code ES256}, {@code EdDSA} or {@code ES256K} (with BouncyCastle)
	 * @param keyId the key id
	 * @return the key
	 */
	static OidcSigningKey generate(String algorithm, String keyId) {
		try {
			return switch (algorithm) {
				case "RS256" -> {
					RSAKey rsa = new RSAKeyGenerator(2048).keyID(keyId)
						.keyUse(KeyUse.SIGNATURE)
						.algorithm(JWSAlgorithm.RS256)
						.generate();
					yield new OidcSigningKey(JWSAlgorithm.RS256, rsa.toPublicJWK(), new RSASSASigner(rsa));
				}
				case "ES256" -> {
					ECKey ec = new ECKeyGenerator(Curve.P_256).keyID(keyId)
						.keyUse(KeyUse.SIGNATURE)
						.algorithm(JWSAlgorithm.ES256)
						.generate();
					yield new OidcSigningKey(JWSAlgorithm.ES256, ec.toPublicJWK(), new ECDSASigner(ec));
				}
				case "EdDSA" -> {
					KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
					byte[] encoded = keys.getPublic().getEncoded();
					// the last 32 bytes of the X.509 encoding are the key (RFC 8410)
					byte[] x = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
					OctetKeyPair okp = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID(keyId)
						.keyUse(KeyUse.SIGNATURE)
						.algorithm(JWSAlgorithm.EdDSA)
						.build();
					yield new OidcSigningKey(JWSAlgorithm.EdDSA, okp, new Ed25519Signer(keys.getPrivate()));
				}
				case "ES256K" -> {
					Assert.state(BOUNCY_CASTLE_PRESENT, "The emulator signs ES256K (secp256k1, not in the JDK) with "
							+ "BouncyCastle: add bcprov (org.bouncycastle:bcprov-jdk18on) to its class path");
					ECKey ec = new ECKeyGenerator(Curve.SECP256K1).keyID(keyId)
						.keyUse(KeyUse.SIGNATURE)
						.algorithm(JWSAlgorithm.ES256K)
						.provider(BouncyCastleProviderSingleton.getInstance())
						.generate();
					ECDSASigner signer = new ECDSASigner(ec);
					signer.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
					yield new OidcSigningKey(JWSAlgorithm.ES256K, ec.toPublicJWK(), signer);
				}
				default -> throw new IllegalArgumentException(
						"The emulator signs ID tokens with RS256, ES256, EdDSA or ES256K, not " + algorithm);
			};
		}
		catch (JOSEException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot make a " + algorithm + " key", ex);
		}
	}

	/** Returns the algorithm. */
	JWSAlgorithm algorithm() {
		return this.algorithm;
	}

	/** Returns the public key, as the JWK Set serves it. */
	JWK publicKey() {
		return this.publicKey;
	}

	/** Returns the public key's bytes (its JSON), the "secret" of an algorithm-confusion attack. */
	byte[] publicKeyBytes() {
		return this.publicKey.toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	/** Returns the header of a token signed with this key. */
	JWSHeader header() {
		return new JWSHeader.Builder(this.algorithm).keyID(this.publicKey.getKeyID()).type(JOSEObjectType.JWT).build();
	}

	/** Returns the signer. */
	JWSSigner signer() {
		return this.signer;
	}

	/** Signs {@code EdDSA} with the JDK's Ed25519 (nimbus's own Ed25519 signer would need Google Tink). */
	private static final class Ed25519Signer implements JWSSigner {

		private final PrivateKey privateKey;

		private final JCAContext jcaContext = new JCAContext();

		Ed25519Signer(PrivateKey privateKey) {
			this.privateKey = privateKey;
		}

		@Override
		public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
			try {
				Signature signature = Signature.getInstance("Ed25519");
				signature.initSign(this.privateKey);
				signature.update(signingInput);
				return Base64URL.encode(signature.sign());
			}
			catch (GeneralSecurityException ex) {
				throw new JOSEException("Cannot sign Ed25519", ex);
			}
		}

		@Override
		public Set<JWSAlgorithm> supportedJWSAlgorithms() {
			return Set.of(JWSAlgorithm.EdDSA);
		}

		@Override
		public JCAContext getJCAContext() {
			return this.jcaContext;
		}

	}

}
