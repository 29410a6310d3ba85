package dev.tglogin.emulator;

import java.security.SecureRandom;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link XellarTokenSigner}: the claims of the emulator's tokens.
 */
class XellarTokenSignerTests {

	private static final Instant NOW = Instant.parse("2026-07-01T10:00:00Z");

	private static final Instant LATER = NOW.plusSeconds(60);

	private final XellarTokenSigner signer = new XellarTokenSigner(new SecureRandom());

	@Test
	void tokenWhenIssuedThenHs256WithUidIatExpAndJti() throws Exception {
		SignedJWT token = SignedJWT.parse(this.signer.token("xu_1", NOW, LATER));

		assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		JWTClaimsSet claims = token.getJWTClaimsSet();
		assertThat(claims.getClaims()).containsEntry("uid", "xu_1")
			.doesNotContainKeys("isPermissionGranted", "acceptPermissionPage");
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(LATER);
		assertThat(claims.getJWTID()).isNotBlank();
	}

	@Test
	void tokenWhenIssuedTwiceThenDifferentJti() throws Exception {
		String first = SignedJWT.parse(this.signer.token("xu_1", NOW, LATER)).getJWTClaimsSet().getJWTID();
		String second = SignedJWT.parse(this.signer.token("xu_1", NOW, LATER)).getJWTClaimsSet().getJWTID();

		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void walletTokenWhenPermissionGrantedThenGrantedAndNoPage() throws Exception {
		JWTClaimsSet claims = SignedJWT.parse(this.signer.walletToken("xu_1", null, NOW, LATER)).getJWTClaimsSet();

		assertThat(claims.getClaims()).containsEntry("uid", "xu_1")
			.containsEntry("isPermissionGranted", true)
			.doesNotContainKey("acceptPermissionPage");
	}

	@Test
	void walletTokenWhenPermissionNotGrantedThenNotGrantedWithThePage() throws Exception {
		JWTClaimsSet claims = SignedJWT
			.parse(this.signer.walletToken("xu_1", "http://127.0.0.1/emu/xellar/permission/xu_1", NOW, LATER))
			.getJWTClaimsSet();

		assertThat(claims.getClaims()).containsEntry("isPermissionGranted", false)
			.containsEntry("acceptPermissionPage", "http://127.0.0.1/emu/xellar/permission/xu_1");
	}

}
