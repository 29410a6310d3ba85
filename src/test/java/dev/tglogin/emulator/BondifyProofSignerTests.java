package dev.tglogin.emulator;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BondifyProofSigner}: the claims of a proof, with Bondify's documented names.
 */
class BondifyProofSignerTests {

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

	private static final Instant CONFIRMED_AT = Instant.parse("2026-07-01T10:00:00.123Z");

	private static final Instant NOW = CONFIRMED_AT.plusMillis(2500);

	private final BondifyProofSigner signer = new BondifyProofSigner(SECRET, "proj_test", Duration.ofMinutes(5));

	@Test
	void signWhenUserSharedAPhoneThenHs256WithEveryClaimAndTheLifetime() throws Exception {
		SignedJWT proof = SignedJWT.parse(this.signer.sign("sess_1",
				new EmulatedTelegramUser("42", "Alex Johnson", "alexj", "+15550100"), CONFIRMED_AT, NOW));

		assertThat(proof.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(proof.verify(new MACVerifier(SECRET))).isTrue();
		JWTClaimsSet claims = proof.getJWTClaimsSet();
		assertThat(claims.getClaims()).containsEntry("telegram_id", "42")
			.containsEntry("telegram_name", "Alex Johnson")
			.containsEntry("telegram_username", "alexj")
			.containsEntry("telegram_phone", "+15550100")
			.containsEntry("project_id", "proj_test")
			.containsEntry("session_token", "sess_1")
			.containsEntry("confirmed_at", CONFIRMED_AT.toEpochMilli());
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.ofEpochSecond(NOW.getEpochSecond()));
		assertThat(claims.getExpirationTime().toInstant())
			.isEqualTo(Instant.ofEpochSecond(NOW.getEpochSecond()).plus(Duration.ofMinutes(5)));
	}

	@Test
	void signWhenNoUsernameOrPhoneThenANullUsernameClaimAndNoPhoneClaim() throws Exception {
		SignedJWT proof = SignedJWT
			.parse(this.signer.sign("sess_1", EmulatedTelegramUser.of("42", "Alex", null), CONFIRMED_AT, NOW));

		assertThat(proof.getPayload().toJSONObject()).containsEntry("telegram_username", null)
			.doesNotContainKey("telegram_phone");
	}

	@Test
	void constructorWhenSecretTooShortThenRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BondifyProofSigner(new byte[16], "proj_test", Duration.ofMinutes(5)));
	}

}
