package dev.tglogin.oidc;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.EdDSAProvider;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;

import dev.tglogin.core.Ed25519PublicKeys;

/**
 * Verifies {@code EdDSA} (Ed25519) JWS signatures with the JDK's own Ed25519 ({@code Signature "Ed25519"}, Java 15+),
 * for nimbus's {@code DefaultJWTProcessor}: nimbus parses the token and checks the header; its own
 * {@code Ed25519Verifier} would need Google Tink on the class path (its base class, {@link EdDSAProvider}, does not).
 * Ed448 and X25519 keys are refused.
 */
final class Ed25519JwsVerifier extends EdDSAProvider implements JWSVerifier {

	private final PublicKey publicKey;

	Ed25519JwsVerifier(PublicKey publicKey) {
		this.publicKey = publicKey;
	}

	/**
	 * The JDK public key of an Ed25519 JWK.
	 * @param jwk the key
	 * @return the public key
	 * @throws JOSEException when the key is not an Ed25519 key of 32 bytes
	 */
	static PublicKey publicKey(OctetKeyPair jwk) throws JOSEException {
		byte[] x = jwk.getX().decode();
		if (!Curve.Ed25519.equals(jwk.getCurve()) || x.length != 32) {
			throw new JOSEException("Not an Ed25519 key");
		}
		try {
			return Ed25519PublicKeys.fromRaw(x);
		}
		catch (IllegalArgumentException ex) {
			throw new JOSEException("Invalid Ed25519 key", ex);
		}
	}

	@Override
	public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
		if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
			return false;
		}
		try {
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(this.publicKey);
			verifier.update(signingInput);
			return verifier.verify(signature.decode());
		}
		catch (GeneralSecurityException ex) {
			// a malformed signature is a wrong one
			return false;
		}
	}

}
