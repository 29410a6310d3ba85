package dev.tglogin.oidc;

import java.nio.charset.StandardCharsets;
import java.security.Security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;

import dev.tglogin.oidc.Es256kIdTokenDecoders.Es256kVerifierFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class Es256kIdTokenDecodersTests {

	private final Es256kVerifierFactory verifiers = new Es256kVerifierFactory();

	@Test
	void createJwsVerifierWhenEs256kAndSecp256k1KeyThenVerifiesOnBouncyCastleOnly() throws Exception {
		ECKey key = secp256k1();
		JWSObject jws = signed(key);
		JWSVerifier verifier = this.verifiers.createJWSVerifier(jws.getHeader(), key.toECPublicKey());
		assertThat(verifier.getJCAContext().getProvider()).isSameAs(BouncyCastleProviderSingleton.getInstance());
		assertThat(jws.verify(verifier)).isTrue();
		assertThat(Security.getProvider("BC")).as("BouncyCastle is not a JCA provider of the JVM").isNull();
	}

	@Test
	void createJwsVerifierWhenSignatureOfAnotherKeyOrTamperedThenFalse() throws Exception {
		ECKey key = secp256k1();
		JWSObject jws = signed(secp256k1());
		JWSVerifier verifier = this.verifiers.createJWSVerifier(jws.getHeader(), key.toECPublicKey());
		assertThat(verifier.verify(jws.getHeader(), jws.getSigningInput(), jws.getSignature())).isFalse();
		JWSObject own = signed(key);
		byte[] tampered = "eyJhbGciOiJFUzI1NksifQ.e30".getBytes(StandardCharsets.US_ASCII);
		assertThat(verifier.verify(own.getHeader(), tampered, own.getSignature())).isFalse();
		assertThat(verifier.verify(own.getHeader(), own.getSigningInput(), Base64URL.encode(new byte[64]))).isFalse();
	}

	@Test
	void createJwsVerifierWhenOtherAlgorithmOrCurveThenRefused() throws Exception {
		ECKey p256 = new ECKeyGenerator(Curve.P_256).generate();
		assertThatExceptionOfType(JOSEException.class).isThrownBy(() -> this.verifiers
			.createJWSVerifier(new JWSHeader(JWSAlgorithm.ES256K), p256.toECPublicKey()));
		assertThatExceptionOfType(JOSEException.class).isThrownBy(() -> this.verifiers
			.createJWSVerifier(new JWSHeader(JWSAlgorithm.ES256), secp256k1().toECPublicKey()));
	}

	private static ECKey secp256k1() throws JOSEException {
		return new ECKeyGenerator(Curve.SECP256K1).provider(BouncyCastleProviderSingleton.getInstance()).generate();
	}

	private static JWSObject signed(ECKey key) throws JOSEException {
		JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.ES256K), new Payload("{\"sub\":\"1\"}"));
		ECDSASigner signer = new ECDSASigner(key);
		signer.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
		jws.sign(signer);
		return jws;
	}

}
