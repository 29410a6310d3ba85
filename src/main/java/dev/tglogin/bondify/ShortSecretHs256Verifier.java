package dev.tglogin.bondify;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;

/**
 * The HS256 check for a secret shorter than 256 bits, which nimbus' {@code MACVerifier} refuses to hold: Bondify
 * issues its secrets, and one it issued must not stop an app from starting (a start-up warning says it is short).
 * It is what {@code MACVerifier} does for HS256: no critical header parameter is understood, the HMAC-SHA256 of the
 * signing input is compared with the signature in constant time. Used only for such a secret, inside nimbus'
 * processor, which does the parsing and every other check.
 * <p>
 * This class is thread-safe.
 */
final class ShortSecretHs256Verifier implements JWSVerifier {

	private final SecretKey key;

	private final JCAContext jcaContext = new JCAContext();

	ShortSecretHs256Verifier(SecretKey key) {
		this.key = key;
	}

	@Override
	public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
		Set<String> critical = header.getCriticalParams();
		if (!JWSAlgorithm.HS256.equals(header.getAlgorithm()) || (critical != null && !critical.isEmpty())) {
			return false;
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return MessageDigest.isEqual(mac.doFinal(signingInput), signature.decode());
		}
		catch (GeneralSecurityException ex) {
			throw new JOSEException("HmacSHA256 is not available", ex);
		}
	}

	@Override
	public Set<JWSAlgorithm> supportedJWSAlgorithms() {
		return Set.of(JWSAlgorithm.HS256);
	}

	@Override
	public JCAContext getJCAContext() {
		return this.jcaContext;
	}

}
