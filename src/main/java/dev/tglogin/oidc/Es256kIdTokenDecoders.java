package dev.tglogin.oidc;

import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The ID-token decoder for {@code ES256K} (ECDSA over secp256k1, a curve the JDK lacks since Java 16):
 * {@link NimbusIdTokenDecoders} with nimbus's key selector pinned to {@code ES256K} (secp256k1 keys of the JWK Set
 * only) and nimbus's {@link ECDSAVerifier} on BouncyCastle, given to the verifiers' JCA context only, never
 * registered as a JCA provider of the JVM. The one class that needs BouncyCastle: loaded only when
 * {@link TelegramIdTokenDecoderFactory} has found it on the class path.
 */
final class Es256kIdTokenDecoders {

	private Es256kIdTokenDecoders() {
	}

	/**
	 * Creates the decoder of a registration.
	 * @param registration the registration, with its JWK Set URI
	 * @return the decoder
	 */
	static JwtDecoder create(ClientRegistration registration) {
		return NimbusIdTokenDecoders.create(registration,
				(keys) -> new JWSVerificationKeySelector<>(JWSAlgorithm.ES256K, keys), new Es256kVerifierFactory());
	}

	/** Makes nimbus's {@link ECDSAVerifier}s on BouncyCastle, for {@code ES256K} and secp256k1 keys only. */
	static final class Es256kVerifierFactory implements JWSVerifierFactory {

		private final JCAContext jcaContext = new JCAContext(BouncyCastleProviderSingleton.getInstance(), null);

		@Override
		public Set<JWSAlgorithm> supportedJWSAlgorithms() {
			return Set.of(JWSAlgorithm.ES256K);
		}

		@Override
		public JCAContext getJCAContext() {
			return this.jcaContext;
		}

		@Override
		public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
			if (!JWSAlgorithm.ES256K.equals(header.getAlgorithm()) || !(key instanceof ECPublicKey publicKey)) {
				throw new JOSEException("Unsupported JWS algorithm or key: " + header.getAlgorithm());
			}
			// refuses a key of another curve, and a point that is not on secp256k1
			ECDSAVerifier verifier = new ECDSAVerifier(publicKey);
			if (!verifier.supportedJWSAlgorithms().contains(JWSAlgorithm.ES256K)) {
				throw new JOSEException("Not a secp256k1 key");
			}
			verifier.getJCAContext().setProvider(this.jcaContext.getProvider());
			return verifier;
		}

	}

}
