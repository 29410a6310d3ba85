package dev.tglogin.miniapp;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tglogin.emulator.MiniAppEmulator;
import dev.tglogin.emulator.MiniAppEmulator.MiniAppUser;
import dev.tglogin.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link MiniAppInitDataValidator} against init data signed by the emulator (its own, independent signing code), in
 * both modes, with the attack cases of the security table.
 */
class MiniAppInitDataValidatorTests {

	private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

	private static final MiniAppUser USER = new MiniAppUser(279058397L, "Vladislav", "Kibenko", "vdkfrost", "ru",
			true);

	private final MiniAppEmulator telegram = new MiniAppEmulator(new MutableClock(NOW));

	private final MutableClock clock = new MutableClock(NOW);

	@Test
	void validateWhenBotTokenModeAndSignedThenUserRead() {
		MiniAppInitData data = botToken().validate(this.telegram.initData(USER));
		assertThat(data.userId()).isEqualTo(279058397L);
		assertThat(data.firstName()).isEqualTo("Vladislav");
		assertThat(data.lastName()).isEqualTo("Kibenko");
		assertThat(data.username()).isEqualTo("vdkfrost");
		assertThat(data.languageCode()).isEqualTo("ru");
		assertThat(data.premium()).isTrue();
		assertThat(data.authDate()).isEqualTo(NOW);
	}

	@Test
	void validateWhenEd25519ModeAndSignedThenUserRead() {
		MiniAppInitData data = ed25519().validate(this.telegram.initData(USER));
		assertThat(data.userId()).isEqualTo(279058397L);
		assertThat(data.premium()).isTrue();
	}

	@Test
	void validateWhenOptionalUserFieldsMissingThenNullsAndNotPremium() {
		MiniAppInitData data = botToken()
			.validate(this.telegram.initData(new MiniAppUser(42L, "Ann", null, null, null, false)));
		assertThat(data.lastName()).isNull();
		assertThat(data.username()).isNull();
		assertThat(data.languageCode()).isNull();
		assertThat(data.premium()).isFalse();
	}

	@Test
	void validateWhenTelegramsPublishedSampleThenHashMatches() {
		// the sample of Telegram Mini Apps' documentation (docs.telegram-mini-apps.com), an outside oracle of the HMAC
		String sample = "query_id=AAHdF6IQAAAAAN0XohDhrOrc"
				+ "&user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vladislav%22%2C%22last_name%22%3A%22Kibenko%22"
				+ "%2C%22username%22%3A%22vdkfrost%22%2C%22language_code%22%3A%22ru%22%2C%22is_premium%22%3Atrue%7D"
				+ "&auth_date=1662771648&hash=c501b71e775f74ce10e377dea85a7ea24ecd640b223ea86dfe453e0eaed2e2b2";
		MiniAppInitDataValidator validator = MiniAppInitDataValidator
			.withBotToken("5768337691:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx8");
		validator.setClock(new MutableClock(Instant.ofEpochSecond(1662771648L)));
		assertThat(validator.validate(sample).username()).isEqualTo("vdkfrost");
	}

	@Test
	void validateWhenHashWrongThenBadSignature() {
		Map<String, String> fields = signedFields();
		fields.put("hash", "0".repeat(64));
		assertReason(botToken(), MiniAppEmulator.encode(fields), "bad_signature");
	}

	@Test
	void validateWhenEd25519SignatureWrongThenBadSignature() {
		Map<String, String> fields = signedFields();
		Map<String, String> other = this.telegram.sign(Map.of("auth_date", fields.get("auth_date"), "user", "{}"));
		fields.put("signature", other.get("signature"));
		assertReason(ed25519(), MiniAppEmulator.encode(fields), "bad_signature");
		fields.put("signature", "not base64url!");
		assertReason(ed25519(), MiniAppEmulator.encode(fields), "bad_signature");
	}

	@Test
	void validateWhenUserJsonTamperedThenBadSignatureInBothModes() {
		Map<String, String> fields = signedFields();
		fields.put("user", fields.get("user").replace("279058397", "1"));
		assertReason(botToken(), MiniAppEmulator.encode(fields), "bad_signature");
		assertReason(ed25519(), MiniAppEmulator.encode(fields), "bad_signature");
	}

	@Test
	void validateWhenFieldAddedThenBadSignature() {
		Map<String, String> fields = signedFields();
		fields.put("start_param", "admin");
		assertReason(botToken(), MiniAppEmulator.encode(fields), "bad_signature");
		assertReason(ed25519(), MiniAppEmulator.encode(fields), "bad_signature");
	}

	@Test
	void validateWhenExpiredThenRefusedAndWhenJustInTimeThenAccepted() {
		MiniAppInitDataValidator validator = botToken();
		validator.setMaxAge(Duration.ofMinutes(5));
		String initData = this.telegram.initData(USER);
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(validator.validate(initData).userId()).isEqualTo(279058397L);
		this.clock.advance(Duration.ofSeconds(1));
		assertReason(validator, initData, "expired");
	}

	@Test
	void validateWhenAuthDateInTheFutureThenRefusedBeyondTheSkew() {
		MiniAppInitDataValidator validator = ed25519();
		assertThat(validator.validate(this.telegram.initData(USER, NOW.plusSeconds(30))).userId()).isPositive();
		assertReason(validator, this.telegram.initData(USER, NOW.plusSeconds(31)), "issued_in_future");
	}

	@Test
	void validateWhenOtherBotTokenThenBadSignature() {
		MiniAppEmulator otherBot = new MiniAppEmulator(new MutableClock(NOW));
		assertReason(botToken(), otherBot.initData(USER), "bad_signature");
	}

	@Test
	void validateWhenOtherBotIdThenBadSignature() {
		// signed by the same "Telegram" key, for another bot
		MiniAppInitDataValidator otherBot = MiniAppInitDataValidator.withPublicKey(this.telegram.botId() + 1,
				this.telegram.publicKeyHex());
		otherBot.setClock(this.clock);
		assertReason(otherBot, this.telegram.initData(USER), "bad_signature");
	}

	@Test
	void validateWhenSignedByAnotherEd25519KeyThenBadSignature() {
		MiniAppInitDataValidator telegramsRealKey = MiniAppInitDataValidator.withTelegramPublicKey(this.telegram.botId());
		telegramsRealKey.setClock(this.clock);
		assertReason(telegramsRealKey, this.telegram.initData(USER), "bad_signature");
	}

	@Test
	void validateWhenHashMissingThenMissingHash() {
		Map<String, String> fields = signedFields();
		fields.remove("hash");
		assertReason(botToken(), MiniAppEmulator.encode(fields), "missing_hash");
	}

	@Test
	void validateWhenHashOnlyDataGivenToEd25519ModeThenMissingSignature() {
		Map<String, String> fields = signedFields();
		fields.remove("signature");
		assertReason(ed25519(), MiniAppEmulator.encode(fields), "missing_signature");
	}

	@Test
	void validateWhenSignatureOnlyDataGivenToBotTokenModeThenMissingHash() {
		Map<String, String> fields = signedFields();
		fields.remove("hash");
		String signatureOnly = MiniAppEmulator.encode(fields);
		assertThat(ed25519().validate(signatureOnly).userId()).isEqualTo(279058397L);
		assertReason(botToken(), signatureOnly, "missing_hash");
	}

	@Test
	void validateWhenSignatureFieldRemovedThenBotTokenHashNoLongerMatches() {
		// Telegram's hash covers the signature field: taking it away is tampering
		Map<String, String> fields = signedFields();
		fields.remove("signature");
		assertReason(botToken(), MiniAppEmulator.encode(fields), "bad_signature");
	}

	@Test
	void validateWhenKeyRepeatedThenMalformed() {
		String initData = this.telegram.initData(USER);
		assertReason(botToken(), initData + "&auth_date=1", "malformed");
		assertReason(botToken(), "user=%7B%7D&" + initData, "malformed");
	}

	@Test
	void validateWhenNotStrictQueryStringThenMalformed() {
		String initData = this.telegram.initData(USER);
		assertReason(botToken(), initData + "&", "malformed");
		assertReason(botToken(), initData + "&novalue", "malformed");
		assertReason(botToken(), "=x&" + initData, "malformed");
		assertReason(botToken(), initData + "&x=%zz", "malformed");
		assertReason(botToken(), "", "malformed");
		assertReason(botToken(), "a=" + "b".repeat(9000), "malformed");
	}

	@Test
	void validateWhenAuthDateMissingOrNotDigitsThenMalformed() {
		Map<String, String> fields = signedFields();
		fields.remove("auth_date");
		assertReason(botToken(), MiniAppEmulator.encode(this.telegram.sign(fields)), "malformed");
		fields.put("auth_date", "-1");
		assertReason(botToken(), MiniAppEmulator.encode(this.telegram.sign(fields)), "malformed");
		fields.put("auth_date", "١٢٣");
		assertReason(botToken(), MiniAppEmulator.encode(this.telegram.sign(fields)), "malformed");
	}

	@Test
	void validateWhenSignedUserIsNotAUserThenBadUser() {
		for (String user : new String[] { "[]", "{\"first_name\":\"A\"}", "{\"id\":1.5,\"first_name\":\"A\"}",
				"{\"id\":-3,\"first_name\":\"A\"}", "{\"id\":\"7\",\"first_name\":\"A\"}", "{\"id\":7}",
				"{\"id\":7,\"first_name\":\"A\",\"username\":5}",
				"{\"id\":7,\"first_name\":\"A\",\"is_premium\":\"yes\"}", "not json" }) {
			Map<String, String> fields = signedFields();
			fields.put("user", user);
			assertReason(botToken(), MiniAppEmulator.encode(this.telegram.sign(fields)), "bad_user");
		}
		Map<String, String> fields = signedFields();
		fields.remove("user");
		assertReason(botToken(), MiniAppEmulator.encode(this.telegram.sign(fields)), "bad_user");
	}

	@Test
	void validateWhenPlusInValueThenDecodedAsSpaceAsTelegramDoes() {
		Map<String, String> fields = signedFields();
		fields.put("start_param", "a b");
		String encoded = MiniAppEmulator.encode(this.telegram.sign(fields)).replace("a%20b", "a+b");
		assertThat(botToken().validate(encoded).startParam()).isEqualTo("a b");
	}

	@Test
	void factoriesWhenSettingsInvalidThenRefusedWithoutEchoingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> MiniAppInitDataValidator.withBotToken("not-a-token"))
			.withMessageNotContaining("not-a-token");
		assertThatIllegalArgumentException().isThrownBy(() -> MiniAppInitDataValidator.withPublicKey(0, "00"));
		assertThatIllegalArgumentException().isThrownBy(() -> MiniAppInitDataValidator.withPublicKey(1, "zz"));
		assertThatIllegalArgumentException().isThrownBy(() -> botToken().setMaxAge(Duration.ZERO));
	}

	@Test
	void toStringWhenBotTokenModeThenNoToken() {
		assertThat(botToken().toString()).doesNotContain(this.telegram.botToken())
			.doesNotContain(this.telegram.botToken().substring(this.telegram.botToken().indexOf(':') + 1));
	}

	@Test
	void publicKeysWhenTelegramsThenValidEd25519Keys() {
		assertThat(InitDataSignature.Ed25519.publicKey(MiniAppInitDataValidator.PRODUCTION_PUBLIC_KEY).getAlgorithm())
			.isIn("Ed25519", "EdDSA");
		assertThat(InitDataSignature.Ed25519.publicKey(MiniAppInitDataValidator.TEST_PUBLIC_KEY)).isNotNull();
	}

	private Map<String, String> signedFields() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("query_id", "AAHdF6IQAAAAAN0XohDhrOrc");
		fields.put("user", "{\"id\":279058397,\"first_name\":\"Vladislav\"}");
		fields.put("auth_date", Long.toString(NOW.getEpochSecond()));
		return new LinkedHashMap<>(this.telegram.sign(fields));
	}

	private MiniAppInitDataValidator botToken() {
		MiniAppInitDataValidator validator = MiniAppInitDataValidator.withBotToken(this.telegram.botToken());
		validator.setClock(this.clock);
		return validator;
	}

	private MiniAppInitDataValidator ed25519() {
		MiniAppInitDataValidator validator = MiniAppInitDataValidator.withPublicKey(this.telegram.botId(),
				this.telegram.publicKeyHex());
		validator.setClock(this.clock);
		return validator;
	}

	private static void assertReason(MiniAppInitDataValidator validator, String initData, String reason) {
		assertThatExceptionOfType(InvalidInitDataException.class).isThrownBy(() -> validator.validate(initData))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(reason))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("279058397"));
	}

}
