package dev.tglogin.xellar;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import dev.tglogin.test.Proofs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Phone number validation, the unverified token hints, and the wallet credentials' secrecy.
 */
class XellarModelTests {

	@Test
	void normalizeWhenInternationalNumberWithSeparatorsThenE164() {
		assertThat(PhoneNumbers.normalize("+1 (555) 010-2030")).isEqualTo("+15550102030");
		assertThat(PhoneNumbers.normalize("+44.7911.123456")).isEqualTo("+447911123456");
	}

	@Test
	void normalizeWhenTheSameNumberIsTypedTwoWaysThenOneNumber() {
		assertThat(PhoneNumbers.normalize("0044 7700 900123")).isEqualTo("+447700900123");
		assertThat(PhoneNumbers.normalize("+44 7700-900123")).isEqualTo("+447700900123");
		assertThat(PhoneNumbers.normalize("(0044) 7700 900 123")).isEqualTo("+447700900123");
		assertThat(PhoneNumbers.normalize("000447700900123")).isNull();
	}

	@Test
	void normalizeWhenNotAnInternationalNumberThenNull() {
		for (String input : new String[] { null, "", "5550102030", "+0123456789", "+1234", "+1234567890123456",
				"+1 555 abc 1234", "++15550102030", "+1555\u00000102030", "x".repeat(100) }) {
			assertThat(PhoneNumbers.normalize(input)).as(String.valueOf(input)).isNull();
		}
	}

	@Test
	void maskWhenPhoneNumberThenOnlyCountryPrefixAndLastTwoDigitsShow() {
		assertThat(PhoneNumbers.mask("+15550102030")).isEqualTo("+15*******30");
	}

	@Test
	void tokenClaimsWhenJwtThenUidAndExpiryReadWithoutVerification() {
		Instant exp = Instant.parse("2026-11-22T10:00:00Z");
		String token = Proofs.sign(JWSAlgorithm.HS256, new byte[32],
				new JWTClaimsSet.Builder().claim("uid", "xu_123").expirationTime(Date.from(exp)).build());
		assertThat(XellarTokenClaims.uid(token)).isEqualTo("xu_123");
		assertThat(XellarTokenClaims.expiresAt(token)).isEqualTo(exp);
		assertThat(XellarTokenClaims.uid("opaque-token")).isNull();
		assertThat(XellarTokenClaims.expiresAt(null)).isNull();
	}

	@Test
	void credentialsWhenTheWalletTokenCarriesThePermissionStateThenItIsExposed() {
		String notGranted = Proofs.sign(JWSAlgorithm.HS256, new byte[32], new JWTClaimsSet.Builder().claim("uid", "xu_1")
			.claim("isPermissionGranted", false)
			.claim("acceptPermissionPage", "https://passport.xellar.co/permission/app-1")
			.build());
		XellarWalletCredentials credentials = XellarWalletCredentials.wallet(notGranted, "r", List.of());
		assertThat(credentials.isPermissionGranted()).isFalse();
		assertThat(credentials.getAcceptPermissionPage()).isEqualTo("https://passport.xellar.co/permission/app-1");
		String granted = Proofs.sign(JWSAlgorithm.HS256, new byte[32],
				new JWTClaimsSet.Builder().claim("isPermissionGranted", true).build());
		assertThat(XellarWalletCredentials.wallet(granted, "r", List.of()).isPermissionGranted()).isTrue();
		// a token that does not say (v1, an opaque token): granted as far as it tells, Xellar's 407 decides
		assertThat(XellarWalletCredentials.wallet("opaque", null, List.of()).isPermissionGranted()).isTrue();
		assertThat(XellarWalletCredentials.wallet("opaque", null, List.of()).getAcceptPermissionPage()).isNull();
		assertThat(XellarWalletCredentials.noWallet("access").isPermissionGranted()).isFalse();
		// a page that is not a web URL is not handed to the app
		String script = Proofs.sign(JWSAlgorithm.HS256, new byte[32], new JWTClaimsSet.Builder()
			.claim("isPermissionGranted", false)
			.claim("acceptPermissionPage", "javascript:alert(1)")
			.build());
		assertThat(XellarWalletCredentials.wallet(script, "r", List.of()).getAcceptPermissionPage()).isNull();
	}

	@Test
	void credentialsWhenPrintedOrSerializedThenTokensStayHiddenInTextAndSurviveTheSession() throws Exception {
		XellarWalletCredentials credentials = XellarWalletCredentials.wallet("wallet-token-value",
				"refresh-token-value", List.of(new WalletAddress("evm", "0xabc")));
		assertThat(credentials.toString()).doesNotContain("wallet-token-value", "refresh-token-value")
			.contains("0xabc");
		XellarWalletCredentials copy = roundTrip(credentials);
		assertThat(copy.getWalletToken()).isEqualTo("wallet-token-value");
		assertThat(copy.isWalletTokenHandedOut()).isFalse();
		assertThat(copy.withWalletTokenHandedOut().isWalletTokenHandedOut()).isTrue();
		assertThat(copy.withWalletTokenHandedOut().withTokens("w2", "r2").isWalletTokenHandedOut()).isFalse();
		assertThat(XellarWalletCredentials.noWallet("access-token-value").toString())
			.doesNotContain("access-token-value");
	}

	@Test
	void otpRequestTokenWhenPrintedThenNoOtpTokenOrPhone() {
		XellarOtpAuthenticationToken token = XellarOtpAuthenticationToken.unauthenticated("+15550102030",
				"verification-token-value", "123456");
		assertThat(token.toString()).doesNotContain("+15550102030", "verification-token-value", "123456");
		token.eraseCredentials();
		assertThat(token.getCredentials()).isNull();
		assertThat(token.getVerificationToken()).isNull();
	}

	private static XellarWalletCredentials roundTrip(XellarWalletCredentials credentials) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(credentials);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			return (XellarWalletCredentials) in.readObject();
		}
	}

}
