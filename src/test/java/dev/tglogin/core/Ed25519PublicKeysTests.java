package dev.tglogin.core;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class Ed25519PublicKeysTests {

	@Test
	void fromRawWhenTheKeysRawBytesThenTheSameKey() throws Exception {
		KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		byte[] encoded = keys.getPublic().getEncoded();
		byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);

		assertThat(Ed25519PublicKeys.fromRaw(raw).getEncoded()).isEqualTo(encoded);
	}

	@Test
	void fromRawWhenNot32BytesThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> Ed25519PublicKeys.fromRaw(new byte[31]));
		assertThatIllegalArgumentException().isThrownBy(() -> Ed25519PublicKeys.fromRaw(new byte[33]));
	}

}
