package dev.tglogin.bondify;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Hs256Jws}.
 */
class Hs256JwsTests {

	private static final byte[] SECRET = "whsec_0123456789abcdefghijklmnopqrstuv".getBytes(StandardCharsets.UTF_8);

	private static final byte[] OTHER = "whsec_9876543210abcdefghijklmnopqrstuv".getBytes(StandardCharsets.UTF_8);

	private final Hs256Jws jws = new Hs256Jws(SECRET);

	@Test
	void verifyWhenValidThenPayload() {
		assertThat(this.jws.verify(sign(SECRET, "k"))).containsEntry("sub", "ada");
	}

	@Test
	void verifyWhenSignatureSpelledNonCanonicallyThenBadSignature() {
		String valid = sign(SECRET, "k");
		char last = valid.charAt(valid.length() - 1);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		int index = alphabet.indexOf(last);
		int accepted = 0;
		// the last of 43 characters carries 4 bits of the signature and 2 unused bits: 4 spellings decode alike
		for (int unused = 0; unused < 4; unused++) {
			String spelling = valid.substring(0, valid.length() - 1) + alphabet.charAt((index & ~3) | unused);
			try {
				this.jws.verify(spelling);
				accepted++;
				assertThat(spelling).isEqualTo(valid);
			}
			catch (InvalidProofException ex) {
				assertThat(ex.getReason()).isEqualTo("bad_signature");
			}
		}
		assertThat(accepted).isEqualTo(1);
	}

	@Test
	void verifyWhenSignatureWrongThenItsHeaderIsNotRemembered() {
		for (int i = 0; i < 40; i++) {
			String forged = sign(OTHER, "attacker-" + i);
			assertThatExceptionOfType(InvalidProofException.class).isThrownBy(() -> this.jws.verify(forged))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("bad_signature"));
		}
		assertThat(this.jws.rememberedHeaders()).isZero();
		this.jws.verify(sign(SECRET, "ours"));
		assertThat(this.jws.rememberedHeaders()).isEqualTo(1);
		this.jws.verify(sign(SECRET, "ours"));
		assertThat(this.jws.rememberedHeaders()).isEqualTo(1);
	}

	@Test
	void verifyWhenRememberedHeaderButWrongSignatureThenStillRefused() {
		this.jws.verify(sign(SECRET, "k"));
		assertThatExceptionOfType(InvalidProofException.class).isThrownBy(() -> this.jws.verify(sign(OTHER, "k")));
	}

	@Test
	void toStringWhenCalledThenNoSecret() {
		assertThat(this.jws.toString()).doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
	}

	private static String sign(byte[] secret, String keyId) {
		try {
			JWSObject object = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keyId).build(),
					new Payload(Map.of("sub", "ada")));
			object.sign(new MACSigner(secret));
			return object.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
