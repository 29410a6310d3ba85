package dev.tglogin.oidc;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class Ed25519JwsVerifierTests {

	private static final byte[] INPUT = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxIn0".getBytes(StandardCharsets.US_ASCII);

	private final KeyPair keys = ed25519();

	@Test
	void verifyWhenSignedWithTheJwksKeyThenTrue() throws Exception {
		Ed25519JwsVerifier verifier = new Ed25519JwsVerifier(Ed25519JwsVerifier.publicKey(jwk(this.keys)));
		assertThat(verifier.verify(new JWSHeader(JWSAlgorithm.EdDSA), INPUT, sign(this.keys, INPUT))).isTrue();
	}

	@Test
	void verifyWhenTamperedOrOtherKeyOrOtherAlgorithmThenFalse() throws Exception {
		Ed25519JwsVerifier verifier = new Ed25519JwsVerifier(Ed25519JwsVerifier.publicKey(jwk(this.keys)));
		byte[] tampered = Arrays.copyOf(INPUT, INPUT.length);
		tampered[tampered.length - 1] ^= 1;
		Base64URL signature = sign(this.keys, INPUT);
		assertThat(verifier.verify(new JWSHeader(JWSAlgorithm.EdDSA), tampered, signature)).isFalse();
		assertThat(verifier.verify(new JWSHeader(JWSAlgorithm.EdDSA), INPUT, sign(ed25519(), INPUT))).isFalse();
		assertThat(verifier.verify(new JWSHeader(JWSAlgorithm.ES256), INPUT, signature)).isFalse();
		assertThat(verifier.verify(new JWSHeader(JWSAlgorithm.EdDSA), INPUT, Base64URL.encode("short"))).isFalse();
	}

	@Test
	void publicKeyWhenNotEd25519ThenRefused() {
		OctetKeyPair x25519 = new OctetKeyPair.Builder(Curve.X25519, Base64URL.encode(new byte[32])).build();
		OctetKeyPair shortKey = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(new byte[31])).build();
		assertThatExceptionOfType(JOSEException.class).isThrownBy(() -> Ed25519JwsVerifier.publicKey(x25519));
		assertThatExceptionOfType(JOSEException.class).isThrownBy(() -> Ed25519JwsVerifier.publicKey(shortKey));
	}

	/** The JWK of a JDK Ed25519 key: the last 32 bytes of its X.509 encoding are {@code x}. */
	static OctetKeyPair jwk(KeyPair keys) {
		byte[] encoded = keys.getPublic().getEncoded();
		byte[] x = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
		return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).build();
	}

	private static Base64URL sign(KeyPair keys, byte[] input) throws Exception {
		Signature signer = Signature.getInstance("Ed25519");
		signer.initSign(keys.getPrivate());
		signer.update(input);
		return Base64URL.encode(signer.sign());
	}

	private static KeyPair ed25519() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
