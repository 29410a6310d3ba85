package dev.tglogin.bondify;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BondifyWebhookVerifier}.
 */
class BondifyWebhookVerifierTests {

	private static final byte[] SECRET = "whsec_webhooks_0123456789abcdefghijklmn".getBytes(StandardCharsets.UTF_8);

	private static final byte[] ROTATED = "whsec_rotated_0123456789abcdefghijklmno".getBytes(StandardCharsets.UTF_8);

	private static final byte[] BODY = "{\"event\":\"auth.confirmed\"}".getBytes(StandardCharsets.UTF_8);

	@Test
	void isSignedWhenSignedWithTheSecretThenTrueAndAnyOtherBodyOrCaseOfHexStill() {
		BondifyWebhookVerifier verifier = new BondifyWebhookVerifier(SECRET);
		String signature = verifier.sign(BODY);
		assertThat(verifier.isSigned(BODY, signature)).isTrue();
		assertThat(verifier.isSigned(BODY, signature.toUpperCase(java.util.Locale.ROOT))).isTrue();
		assertThat(verifier.isSigned("{}".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
		assertThat(verifier.isSigned(BODY, null)).isFalse();
		assertThat(verifier.isSigned(BODY, "zz" + signature.substring(2))).isFalse();
	}

	@Test
	void isSignedWhenSignedWithAnAdditionalSecretThenTrueAndWithAnUnknownOneFalse() {
		BondifyWebhookVerifier verifier = new BondifyWebhookVerifier(SECRET);
		String rotatedSignature = new BondifyWebhookVerifier(ROTATED).sign(BODY);
		assertThat(verifier.isSigned(BODY, rotatedSignature)).isFalse();
		verifier.setAdditionalSecrets(List.of(ROTATED));
		assertThat(verifier.isSigned(BODY, rotatedSignature)).isTrue();
		assertThat(verifier.isSigned(BODY, verifier.sign(BODY))).isTrue();
		String unknown = new BondifyWebhookVerifier("whsec_unknown_0123456789abcdefghijklmno".getBytes(
				StandardCharsets.UTF_8)).sign(BODY);
		assertThat(verifier.isSigned(BODY, unknown)).isFalse();
	}

	@Test
	void isSignedWhenTheSecretIsShortThenStillChecked() {
		BondifyWebhookVerifier verifier = new BondifyWebhookVerifier("short".getBytes(StandardCharsets.UTF_8));
		assertThat(verifier.isSigned(BODY, verifier.sign(BODY))).isTrue();
		assertThat(verifier.isSigned(BODY, new BondifyWebhookVerifier(SECRET).sign(BODY))).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> verifier.setAdditionalSecrets(List.of(new byte[0])));
	}

	@Test
	void toStringWhenCalledThenNoSecret() {
		assertThat(new BondifyWebhookVerifier(SECRET).toString()).doesNotContain(new String(SECRET,
				StandardCharsets.UTF_8));
	}

}
