package dev.tglogin.oidc;

import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.impl.EdDSAProvider;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The ID-token decoder for {@code EdDSA} (Ed25519): {@link NimbusIdTokenDecoders} with a key selector that accepts
 * {@code alg: EdDSA} only and the JDK's Ed25519 ({@link Ed25519JwsVerifier}), so no extra dependency.
 */
final class EdDsaIdTokenDecoders {

	private EdDsaIdTokenDecoders() {
	}

	/**
	 * Creates the decoder of a registration.
	 * @param registration the registration, with its JWK Set URI
	 * @return the decoder
	 */
	static JwtDecoder create(ClientRegistration registration) {
		return NimbusIdTokenDecoders.create(registration, EdDsaKeySelector::new, new Ed25519VerifierFactory());
	}

	/** The Ed25519 keys of the JWK Set that match an {@code alg: EdDSA} header (its {@code kid}, if any). */
	private record EdDsaKeySelector(JWKSource<SecurityContext> keys) implements JWSKeySelector<SecurityContext> {

		@Override
		public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context)
				throws KeySourceException {
			if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
				return List.of();
			}
			List<PublicKey> found = new ArrayList<>();
			for (JWK jwk : this.keys.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), context)) {
				if (jwk instanceof OctetKeyPair okp) {
					try {
						found.add(Ed25519JwsVerifier.publicKey(okp));
					}
					catch (JOSEException ex) {
						// not an Ed25519 key: skip it
					}
				}
			}
			return found;
		}

	}

	/** Makes {@link Ed25519JwsVerifier}s, for {@code EdDSA} only. */
	private static final class Ed25519VerifierFactory extends EdDSAProvider implements JWSVerifierFactory {

		@Override
		public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
			if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) || !(key instanceof PublicKey publicKey)
					|| !"Ed25519".equals(publicKey.getAlgorithm()) && !"EdDSA".equals(publicKey.getAlgorithm())) {
				throw new JOSEException("Unsupported JWS algorithm or key: " + header.getAlgorithm());
			}
			return new Ed25519JwsVerifier(publicKey);
		}

	}

}
