package dev.tglogin.oidc;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;

/**
 * Verifies {@code EdDSA} (Ed25519) JWS signatures with the JDK's own Ed25519 ({@code Signature "Ed25519"}, Java 15+),
 * for nimbus's {@code DefaultJWTProcessor}: nimbus parses the token and checks the header; its own
 * {@code Ed25519Verifier} would need Google Tink on the class path. Ed448 and X25519 keys are refused.
 */
final class Ed25519JwsVerifier implements JWSVerifier {

	/** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the 32 bytes of the key. */
	private static final byte[] X509_PREFIX = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 };

	private final PublicKey publicKey;

	private final JCAContext jcaContext = new JCAContext();

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
		byte[] encoded = new byte[X509_PREFIX.length + x.length];
		System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
		System.arraycopy(x, 0, encoded, X509_PREFIX.length, x.length);
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
		}
		catch (GeneralSecurityException ex) {
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

	@Override
	public Set<JWSAlgorithm> supportedJWSAlgorithms() {
		return Set.of(JWSAlgorithm.EdDSA);
	}

	@Override
	public JCAContext getJCAContext() {
		return this.jcaContext;
	}

}
