package dev.tglogin.bondify;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

import org.springframework.security.authentication.BadCredentialsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link BondifyProofVerifier}.
 */
class BondifyProofVerifierTests {

	private static final String PROJECT_ID = "proj_test_1234";

	private static final byte[] SECRET = "whsec_0123456789abcdefghijklmnopqrstuv".getBytes(StandardCharsets.UTF_8);

	private static final String SESSION_TOKEN = "sess_Q2xhc3NpZmllZFNlc3Npb25Ub2tlbg";

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final Instant IAT = NOW.minusSeconds(10);

	private static final Instant EXP = IAT.plus(BondifyProtocol.PROOF_LIFETIME);

	private static KeyPair rsa;

	private BondifyProofVerifier verifier;

	@BeforeAll
	static void generateRsaKey() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		rsa = generator.generateKeyPair();
	}

	@BeforeEach
	void setUp() {
		this.verifier = new BondifyProofVerifier(PROJECT_ID, SECRET);
		this.verifier.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
	}

	// ---------------------------------------------------------------- accepted proofs

	@Test
	void verifyWhenValidHs256ProofThenEveryIdentityClaimRead() {
		String proof = hs256(claims());
		VerifiedProof verified = this.verifier.verify(proof, SESSION_TOKEN);
		assertThat(verified.telegramId()).isEqualTo("123456789");
		assertThat(verified.telegramName()).isEqualTo("Ada Lovelace");
		assertThat(verified.telegramUsername()).isEqualTo("ada");
		assertThat(verified.telegramPhone()).isEqualTo("+15550100");
		assertThat(verified.sessionToken()).isEqualTo(SESSION_TOKEN);
		assertThat(verified.issuedAt()).isEqualTo(IAT);
		assertThat(verified.expiresAt()).isEqualTo(EXP);
	}

	@Test
	void verifyWhenTelegramIdIsJsonNumberThenReadAsDigits() {
		Map<String, Object> claims = claims();
		claims.put("telegram_id", 7123456789L);
		VerifiedProof verified = this.verifier.verify(hs256(claims), SESSION_TOKEN);
		assertThat(verified.telegramId()).isEqualTo("7123456789");
	}

	@Test
	void verifyWhenUsernameAndPhoneAbsentThenNull() {
		Map<String, Object> claims = claims();
		claims.remove("telegram_username");
		claims.remove("telegram_phone");
		VerifiedProof verified = this.verifier.verify(hs256(claims), SESSION_TOKEN);
		assertThat(verified.telegramUsername()).isNull();
		assertThat(verified.telegramPhone()).isNull();
		assertThat(verified.telegramName()).isEqualTo("Ada Lovelace");
	}

	@Test
	void verifyWhenUsernameIsJsonNullThenNull() {
		Map<String, Object> claims = claims();
		claims.put("telegram_username", null);
		VerifiedProof verified = this.verifier.verify(hs256(claims), SESSION_TOKEN);
		assertThat(verified.telegramUsername()).isNull();
		assertThat(verified.telegramPhone()).isEqualTo("+15550100");
	}

	@Test
	void verifyWhenExpectedSessionTokenNullThenAnySessionAccepted() {
		Map<String, Object> claims = claims();
		claims.put("session_token", "sess_someOtherSession");
		VerifiedProof verified = this.verifier.verify(hs256(claims), null);
		assertThat(verified.sessionToken()).isEqualTo("sess_someOtherSession");
	}

	@Test
	void verifyWhenSignedWithStringSecretConstructorThenAccepted() {
		BondifyProofVerifier fromString = new BondifyProofVerifier(PROJECT_ID,
				new String(SECRET, StandardCharsets.UTF_8));
		fromString.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
		assertThat(fromString.verify(hs256(claims()), SESSION_TOKEN).telegramId()).isEqualTo("123456789");
	}

	@Test
	void verifyWhenAcceptedHeaderSeenBeforeThenOtherHeadersStillChecked() {
		// the first proof's header is remembered; a refused header must not ride on it
		assertThat(this.verifier.verify(hs256(claims()), SESSION_TOKEN)).isNotNull();
		Map<String, Object> critical = new LinkedHashMap<>();
		critical.put("alg", "HS256");
		critical.put("crit", java.util.List.of("exp-ext"));
		critical.put("exp-ext", 1);
		String signingInput = b64(new Payload(critical).toString()) + "." + b64(new Payload(claims()).toString());
		assertRefused(signingInput + "." + hmacSha256(SECRET, signingInput), SESSION_TOKEN,
				InvalidProofException.class, "bad_signature");
		JWSHeader unencoded = new JWSHeader.Builder(JWSAlgorithm.HS256).base64URLEncodePayload(false)
			.criticalParams(java.util.Set.of("b64"))
			.build();
		String unencodedInput = unencoded.toBase64URL() + "." + b64(new Payload(claims()).toString());
		assertRefused(unencodedInput + "." + hmacSha256(SECRET, unencodedInput), SESSION_TOKEN,
				InvalidProofException.class, "bad_signature");
		assertThat(this.verifier.verify(hs256(claims()), SESSION_TOKEN)).isNotNull();
	}

	@Test
	void verifyWhenManyDistinctAcceptedHeadersThenEachStillVerified() {
		// more distinct headers than are remembered: each is still parsed, checked and verified
		for (int i = 0; i < 40; i++) {
			JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-" + i).build();
			assertThat(this.verifier.verify(sign(header, claims(), macSigner(SECRET)), SESSION_TOKEN)).isNotNull();
			JWSHeader hs384 = new JWSHeader.Builder(JWSAlgorithm.HS384).keyID("key-" + i).build();
			assertRefused(sign(hs384, claims(), macSigner(Arrays.copyOf(SECRET, 48))), SESSION_TOKEN,
					InvalidProofException.class, "bad_signature");
		}
	}

	@Test
	void verifyWhenSignatureSpelledNonCanonicallyThenBadSignature() {
		String valid = hs256(claims());
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		int index = alphabet.indexOf(valid.charAt(valid.length() - 1));
		int accepted = 0;
		// the last of 43 characters carries 4 bits of the signature and 2 unused bits: 4 spellings decode alike
		for (int unused = 0; unused < 4; unused++) {
			String spelling = valid.substring(0, valid.length() - 1) + alphabet.charAt((index & ~3) | unused);
			if (spelling.equals(valid)) {
				assertThat(this.verifier.verify(spelling, SESSION_TOKEN)).isNotNull();
				accepted++;
			}
			else {
				assertRefused(spelling, SESSION_TOKEN, InvalidProofException.class, "bad_signature");
			}
		}
		assertThat(accepted).isEqualTo(1);
	}

	@Test
	void verifyWhenSignedWithAnotherKeyThenBadSignatureAndTheRightOneStillVerifies() {
		for (int i = 0; i < 20; i++) {
			JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("attacker-" + i).build();
			assertRefused(sign(header, claims(), macSigner("whsec_attacker_0123456789abcdefghijklmn".getBytes(
					StandardCharsets.UTF_8))), SESSION_TOKEN, InvalidProofException.class, "bad_signature");
		}
		assertThat(this.verifier.verify(hs256(claims()), SESSION_TOKEN)).isNotNull();
	}

	@Test
	void verifyWhenSignedWithAnAdditionalSecretThenAcceptedAndThePositionIsLoggedOnce() {
		byte[] rotated = "whsec_rotated_0123456789abcdefghijklmnop".getBytes(StandardCharsets.UTF_8);
		byte[] disputed = "sk_live_disputed_0123456789abcdefghijklm".getBytes(StandardCharsets.UTF_8);
		this.verifier.setAdditionalSecrets(java.util.List.of(rotated, disputed));
		int mark = dev.tglogin.test.LogCapture.mark();
		assertThat(this.verifier.verify(sign(new JWSHeader(JWSAlgorithm.HS256), claims(), macSigner(disputed)),
				SESSION_TOKEN).telegramId()).isEqualTo("123456789");
		assertThat(this.verifier.verify(hs256(claims()), SESSION_TOKEN)).isNotNull();
		assertThat(this.verifier.verify(sign(new JWSHeader(JWSAlgorithm.HS256), claims(), macSigner(rotated)),
				SESSION_TOKEN)).isNotNull();
		String logged = dev.tglogin.test.LogCapture.since(mark);
		assertThat(logged).contains("additional secret #2");
		assertThat(logged.split("The first Bondify proof verified", -1)).hasSize(2);
		assertThat(logged).doesNotContain(new String(disputed, StandardCharsets.UTF_8));
		assertRefused(sign(new JWSHeader(JWSAlgorithm.HS256), claims(),
				macSigner("whsec_unknown_0123456789abcdefghijklmnop".getBytes(StandardCharsets.UTF_8))), SESSION_TOKEN,
				InvalidProofException.class, "bad_signature");
	}

	@Test
	void verifyWhenTheSecretIsShorterThan32BytesThenItIsUsedWithAWarning() throws Exception {
		byte[] shortSecret = "bondify-short".getBytes(StandardCharsets.UTF_8);
		int mark = dev.tglogin.test.LogCapture.mark();
		BondifyProofVerifier verifier = new BondifyProofVerifier(PROJECT_ID, shortSecret);
		verifier.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
		assertThat(dev.tglogin.test.LogCapture.since(mark)).contains("has 13 bytes, fewer than the 32 HS256 wants")
			.doesNotContain("bondify-short");
		String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(new Payload(claims()).toString());
		String proof = signingInput + "." + hmacSha256(shortSecret, signingInput);
		assertThat(verifier.verify(proof, SESSION_TOKEN).telegramId()).isEqualTo("123456789");
		String other = signingInput + "." + hmacSha256("bondify-shorT".getBytes(StandardCharsets.UTF_8), signingInput);
		assertThat(catchThrowableOfType(InvalidProofException.class, () -> verifier.verify(other, SESSION_TOKEN))
			.getReason()).isEqualTo("bad_signature");
		String critical = b64("{\"alg\":\"HS256\",\"crit\":[\"x\"],\"x\":1}") + "." + b64(new Payload(claims()).toString());
		assertThat(catchThrowableOfType(InvalidProofException.class,
				() -> verifier.verify(critical + "." + hmacSha256(shortSecret, critical), SESSION_TOKEN)))
			.isNotNull();
	}

	@Test
	void verifyWhenNotBeforeInTheFutureBeyondSkewThenNotYetValid() {
		Map<String, Object> claims = claims();
		claims.put("nbf", NOW.plusSeconds(31).getEpochSecond());
		assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "not_yet_valid");
	}

	@Test
	void verifyWhenNotBeforeWithinSkewOrPastThenAccepted() {
		Map<String, Object> claims = claims();
		claims.put("nbf", NOW.plusSeconds(30).getEpochSecond());
		assertThat(this.verifier.verify(hs256(claims), SESSION_TOKEN)).isNotNull();
		claims.put("nbf", IAT.getEpochSecond());
		assertThat(this.verifier.verify(hs256(claims), SESSION_TOKEN)).isNotNull();
	}

	@Test
	void verifyWhenNotBeforeNotNumericThenBadClaim() {
		Map<String, Object> claims = claims();
		claims.put("nbf", "soon");
		assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "bad_claim");
	}

	@Test
	void verifyWhenMoreThanThreePartsThenMalformed() {
		String valid = hs256(claims());
		assertRefused(valid + ".AAAA", SESSION_TOKEN, InvalidProofException.class, "malformed");
		String[] parts = valid.split("\\.");
		assertRefused(parts[0] + "." + parts[1] + ".." + parts[2], SESSION_TOKEN, InvalidProofException.class,
				"malformed");
		assertRefused("." + parts[1] + "." + parts[2], SESSION_TOKEN, InvalidProofException.class, "malformed");
		assertRefused(parts[0] + ".." + parts[2], SESSION_TOKEN, InvalidProofException.class, "malformed");
	}

	@Test
	void verifyWhenSignatureOfImpossibleLengthThenBadSignature() {
		String valid = hs256(claims());
		// 43 characters encode 32 bytes; 41 (4n + 1) encode nothing
		assertRefused(valid.substring(0, valid.length() - 2), SESSION_TOKEN, InvalidProofException.class,
				"bad_signature");
	}

	@Test
	void verifyWhenTypHeaderAccessTokenThenRefused() {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build();
		String proof = sign(header, claims(), macSigner(SECRET));
		assertRefused(proof, SESSION_TOKEN, InvalidProofException.class, "bad_signature");
	}

	@Test
	void verifyWhenCriticalHeaderUnknownThenRefused() {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", "HS256");
		header.put("crit", java.util.List.of("exp-ext"));
		header.put("exp-ext", 1);
		String signingInput = b64(new Payload(header).toString()) + "." + b64(new Payload(claims()).toString());
		String proof = signingInput + "." + hmacSha256(SECRET, signingInput);
		InvalidProofException ex = refusal(proof, SESSION_TOKEN);
		assertThat(ex.getReason()).isIn("malformed", "bad_signature");
	}

	// ---------------------------------------------------------------- times

	@Test
	void verifyWhenExpMissingThenMissingClaim() {
		Map<String, Object> claims = claims();
		claims.remove("exp");
		assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "missing_claim");
	}

	@Test
	void verifyWhenIatMissingThenMissingClaim() {
		Map<String, Object> claims = claims();
		claims.remove("iat");
		assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "missing_claim");
	}

	@Test
	void verifyWhenExpNotNumericThenRefused() {
		Map<String, Object> claims = claims();
		claims.put("exp", "soon");
		InvalidProofException ex = refusal(hs256(claims), SESSION_TOKEN);
		assertThat(ex).isNotInstanceOf(ExpiredProofException.class);
	}

	@Test
	void verifyWhenTimesHaveFractionsThenSecondsCount() {
		Map<String, Object> claims = claims();
		claims.put("iat", IAT.getEpochSecond() + 0.75);
		claims.put("exp", EXP.getEpochSecond() + 0.5);
		VerifiedProof proof = this.verifier.verify(hs256(claims), SESSION_TOKEN);
		assertThat(proof.issuedAt()).isEqualTo(Instant.ofEpochSecond(IAT.getEpochSecond()));
		assertThat(proof.expiresAt()).isEqualTo(Instant.ofEpochSecond(EXP.getEpochSecond()));
	}

	@Test
	void verifyWhenExpBeyondWhatAnInstantHoldsThenBadClaim() {
		for (Object exp : new Object[] { 1e300, Long.MAX_VALUE, Double.POSITIVE_INFINITY }) {
			Map<String, Object> claims = claims();
			claims.put("exp", exp);
			if (exp instanceof Double d && d.isInfinite()) {
				// JSON has no infinity: write the number by hand
				String signingInput = b64("{\"alg\":\"HS256\"}") + "."
						+ b64(new Payload(claims()).toString().replace("\"exp\":" + EXP.getEpochSecond(), "\"exp\":1e999"));
				assertRefused(signingInput + "." + hmacSha256(SECRET, signingInput), SESSION_TOKEN,
						InvalidProofException.class, "bad_claim");
				continue;
			}
			assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "bad_claim");
		}
	}

	@Test
	void verifyWhenExpNotNumericThenBadClaimReason() {
		Map<String, Object> claims = claims();
		claims.put("exp", "soon");
		assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "bad_claim");
	}

	@Test
	void verifyWhenIatNotNumericThenRefused() {
		Map<String, Object> claims = claims();
		claims.put("iat", "earlier");
		InvalidProofException ex = refusal(hs256(claims), SESSION_TOKEN);
		assertThat(ex).isNotInstanceOf(ExpiredProofException.class);
	}

	@Test
	void verifyWhenExpiredBeyondSkewThenExpiredProofException() {
		Map<String, Object> claims = claims();
		claims.put("iat", NOW.minusSeconds(400).getEpochSecond());
		claims.put("exp", NOW.minusSeconds(31).getEpochSecond());
		assertRefused(hs256(claims), SESSION_TOKEN, ExpiredProofException.class, "expired");
	}

	@Test
	void verifyWhenExpiredExactlyAtSkewThenExpiredProofException() {
		Map<String, Object> claims = claims();
		claims.put("iat", NOW.minusSeconds(400).getEpochSecond());
		claims.put("exp", NOW.minusSeconds(30).getEpochSecond());
		assertRefused(hs256(claims), SESSION_TOKEN, ExpiredProofException.class, "expired");
	}

	@Test
	void verifyWhenExpiredWithinSkewThenAccepted() {
		Map<String, Object> claims = claims();
		claims.put("iat", NOW.minusSeconds(400).getEpochSecond());
		claims.put("exp", NOW.minusSeconds(29).getEpochSecond());
		VerifiedProof verified = this.verifier.verify(hs256(claims), SESSION_TOKEN);
		assertThat(verified.expiresAt()).isEqualTo(NOW.minusSeconds(29));
	}

	@Test
	void verifyWhenSkewZeroAndJustExpiredThenExpiredProofException() {
		this.verifier.setClockSkew(Duration.ZERO);
		Map<String, Object> claims = claims();
		claims.put("iat", NOW.minusSeconds(300).getEpochSecond());
		claims.put("exp", NOW.minusSeconds(1).getEpochSecond());
		assertRefused(hs256(claims), SESSION_TOKEN, ExpiredProofException.class, "expired");
	}

	@Test
	void verifyWhenIssuedInFutureBeyondSkewThenRefused() {
		Map<String, Object> claims = claims();
		claims.put("iat", NOW.plusSeconds(31).getEpochSecond());
		claims.put("exp", NOW.plusSeconds(331).getEpochSecond());
		assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "issued_in_future");
	}

	@Test
	void verifyWhenIssuedInFutureWithinSkewThenAccepted() {
		Map<String, Object> claims = claims();
		claims.put("iat", NOW.plusSeconds(29).getEpochSecond());
		claims.put("exp", NOW.plusSeconds(329).getEpochSecond());
		assertThat(this.verifier.verify(hs256(claims), SESSION_TOKEN).issuedAt()).isEqualTo(NOW.plusSeconds(29));
	}

	@Test
	void verifyWhenExpNotAfterIatThenRefused() {
		Map<String, Object> claims = claims();
		claims.put("iat", NOW.getEpochSecond());
		claims.put("exp", NOW.getEpochSecond());
		InvalidProofException ex = refusal(hs256(claims), SESSION_TOKEN);
		assertThat(ex.getReason()).isIn("bad_times", "expired");
	}

	// ---------------------------------------------------------------- project and session

	@Test
	void verifyWhenOtherProjectThenWrongProjectProofException() {
		Map<String, Object> claims = claims();
		claims.put("project_id", "proj_someone_else");
		assertRefused(hs256(claims), SESSION_TOKEN, WrongProjectProofException.class, "wrong_project");
	}

	@Test
	void verifyWhenProjectIdNotStringThenWrongProjectProofException() {
		Map<String, Object> claims = claims();
		claims.put("project_id", 1234);
		assertRefused(hs256(claims), SESSION_TOKEN, WrongProjectProofException.class, "wrong_project");
	}

	@Test
	void verifyWhenProjectIdMissingThenMissingClaim() {
		Map<String, Object> claims = claims();
		claims.remove("project_id");
		assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "missing_claim");
	}

	@Test
	void verifyWhenOtherSessionTokenThenWrongSession() {
		Map<String, Object> claims = claims();
		claims.put("session_token", "sess_anotherBrowsersSession");
		String proof = hs256(claims);
		InvalidProofException ex = refusal(proof, SESSION_TOKEN);
		assertThat(ex).isExactlyInstanceOf(InvalidProofException.class);
		assertThat(ex.getReason()).isEqualTo("wrong_session");
		assertNoSecretsIn(ex, proof, SESSION_TOKEN);
		assertThat(ex.getMessage()).doesNotContain("sess_anotherBrowsersSession");
	}

	@Test
	void verifyWhenSessionTokenMissingThenMissingClaim() {
		Map<String, Object> claims = claims();
		claims.remove("session_token");
		assertRefused(hs256(claims), null, InvalidProofException.class, "missing_claim");
	}

	@Test
	void verifyWhenSessionTokenNotStringThenBadClaim() {
		Map<String, Object> claims = claims();
		claims.put("session_token", 42);
		assertRefused(hs256(claims), null, InvalidProofException.class, "bad_claim");
	}

	// ---------------------------------------------------------------- identity claims

	@Test
	void verifyWhenTelegramIdMissingThenMissingClaim() {
		Map<String, Object> claims = claims();
		claims.remove("telegram_id");
		assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "missing_claim");
	}

	@Test
	void verifyWhenTelegramNameMissingThenMissingClaim() {
		Map<String, Object> claims = claims();
		claims.remove("telegram_name");
		assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "missing_claim");
	}

	@Test
	void verifyWhenTelegramIdNotDigitsThenBadClaim() {
		for (Object id : new Object[] { "12ab", "", " 123", "-5", "1e9", "123456789012345678901", -5L, 1.5,
				Map.of("id", "1"), java.util.List.of("1") }) {
			Map<String, Object> claims = claims();
			claims.put("telegram_id", id);
			assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "bad_claim");
		}
	}

	@Test
	void verifyWhenTelegramNameBlankOrNotStringThenBadClaim() {
		for (Object name : new Object[] { "", "   ", 42, java.util.List.of("Ada") }) {
			Map<String, Object> claims = claims();
			claims.put("telegram_name", name);
			assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "bad_claim");
		}
	}

	@Test
	void verifyWhenUsernameOrPhoneNotStringThenBadClaim() {
		Map<String, Object> claims = claims();
		claims.put("telegram_username", 42);
		assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "bad_claim");
		claims = claims();
		claims.put("telegram_phone", Map.of("number", "+1555"));
		assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "bad_claim");
	}

	@Test
	void verifyWhenTelegramNameLongerThan1024ThenBadClaim() {
		Map<String, Object> claims = claims();
		claims.put("telegram_name", "a".repeat(1025));
		assertRefused(hs256(claims), SESSION_TOKEN, InvalidProofException.class, "bad_claim");
	}

	// ---------------------------------------------------------------- size and garbage

	@Test
	void verifyWhenOneMegabyteTokenThenTooLargeQuickly() {
		Map<String, Object> claims = claims();
		claims.put("padding", "p".repeat(1024 * 1024));
		String proof = hs256(claims);
		assertThat(proof.length()).isGreaterThan(1024 * 1024);
		InvalidProofException ex = assertTimeoutPreemptively(Duration.ofSeconds(2),
				(ThrowingSupplier<InvalidProofException>) () -> refusal(proof, SESSION_TOKEN));
		assertThat(ex.getReason()).isEqualTo("too_large");
		assertNoSecretsIn(ex, proof, SESSION_TOKEN);
	}

	@Test
	void verifyWhenLongerThanConfiguredMaxThenTooLarge() {
		String proof = hs256(claims());
		this.verifier.setMaxProofLength(proof.length());
		assertThat(this.verifier.verify(proof, SESSION_TOKEN)).isNotNull();
		this.verifier.setMaxProofLength(proof.length() - 1);
		assertRefused(proof, SESSION_TOKEN, InvalidProofException.class, "too_large");
		assertThatIllegalArgumentException().isThrownBy(() -> this.verifier.setMaxProofLength(0));
	}

	@Test
	void verifyWhenEmptyOrNullThenMissing() {
		assertRefused("", SESSION_TOKEN, InvalidProofException.class, "missing");
		assertRefused(null, SESSION_TOKEN, InvalidProofException.class, "missing");
	}

	@Test
	void verifyWhenGarbageThenMalformed() {
		for (String garbage : new String[] { "garbage", "a.b", "a.b.c", "...", "!!!.@@@.###", "eyJ.eyJ.sig",
				"e30.e30.e30", "not base64 at all.%%%%.^^^^", "\u0000\u0001\u0002" }) {
			assertRefused(garbage, SESSION_TOKEN, InvalidProofException.class, "malformed");
		}
	}

	@Test
	void verifyWhenPayloadNotJsonThenRefused() {
		String signingInput = b64("{\"alg\":\"HS256\"}") + "." + b64("not json");
		String proof = signingInput + "." + hmacSha256(SECRET, signingInput);
		InvalidProofException ex = refusal(proof, SESSION_TOKEN);
		assertThat(ex.getReason()).isIn("malformed", "bad_claim");
		assertNoSecretsIn(ex, proof, SESSION_TOKEN);
	}

	@Test
	void verifyWhenRefusedThenBadCredentialsException() {
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.verifier.verify("garbage", SESSION_TOKEN));
	}

	// ---------------------------------------------------------------- helpers

	private void assertRefused(String proof, String sessionToken, Class<? extends InvalidProofException> type,
			String reason) {
		InvalidProofException ex = refusal(proof, sessionToken);
		assertThat(ex).as("refusal of %s", describe(proof)).isInstanceOf(type);
		if (type == InvalidProofException.class) {
			assertThat(ex).as("refusal of %s", describe(proof))
				.isNotInstanceOfAny(ExpiredProofException.class, WrongProjectProofException.class,
						ReplayedProofException.class);
		}
		assertThat(ex.getReason()).as("reason for %s", describe(proof)).isEqualTo(reason);
		assertNoSecretsIn(ex, proof, sessionToken);
	}

	private InvalidProofException refusal(String proof, String sessionToken) {
		InvalidProofException ex = catchThrowableOfType(InvalidProofException.class,
				() -> this.verifier.verify(proof, sessionToken));
		assertThat(ex).as("expected %s to be refused", describe(proof)).isNotNull();
		return ex;
	}

	static void assertNoSecretsIn(Throwable ex, String proof, String sessionToken) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			String message = String.valueOf(t.getMessage());
			if (proof != null && proof.length() > 8) {
				assertThat(message).doesNotContain(proof);
				for (String part : proof.split("\\.")) {
					if (part.length() > 8) {
						assertThat(message).doesNotContain(part);
					}
				}
			}
			if (sessionToken != null) {
				assertThat(message).doesNotContain(sessionToken);
			}
			assertThat(message).doesNotContain(SESSION_TOKEN).doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
		}
	}

	private static String describe(String proof) {
		return (proof == null) ? "null" : (proof.length() > 80) ? proof.substring(0, 80) + "..." : proof;
	}

	static Map<String, Object> claims() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("project_id", PROJECT_ID);
		claims.put("session_token", SESSION_TOKEN);
		claims.put("telegram_id", "123456789");
		claims.put("telegram_name", "Ada Lovelace");
		claims.put("telegram_username", "ada");
		claims.put("telegram_phone", "+15550100");
		claims.put("iat", IAT.getEpochSecond());
		claims.put("exp", EXP.getEpochSecond());
		return claims;
	}

	private static JWTClaimsSet claimsSet() {
		try {
			return JWTClaimsSet.parse(claims());
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String hs256(Map<String, Object> claims) {
		return sign(new JWSHeader(JWSAlgorithm.HS256), claims, macSigner(SECRET));
	}

	private static MACSigner macSigner(byte[] secret) {
		try {
			return new MACSigner(secret);
		}
		catch (com.nimbusds.jose.KeyLengthException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sign(JWSHeader header, Map<String, Object> claims, JWSSigner signer) {
		try {
			JWSObject jws = new JWSObject(header, new Payload(claims));
			jws.sign(signer);
			return jws.serialize();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String b64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String hmacSha256(byte[] key, String signingInput) {
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
