package dev.tglogin.emulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tglogin.emulator.MiniAppEmulator.MiniAppUser;
import dev.tglogin.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link MiniAppEmulator}: its own bot and key, and init data as Telegram writes it.
 */
class MiniAppEmulatorTests {

	private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

	private final MiniAppEmulator telegram = new MiniAppEmulator(new MutableClock(NOW));

	@Test
	void newWhenCreatedThenARandomBotOfItsOwnAndARawEd25519Key() {
		MiniAppEmulator other = new MiniAppEmulator();
		assertThat(this.telegram.botToken()).matches("[0-9]+:[A-Za-z0-9_-]{35}")
			.startsWith(this.telegram.botId() + ":")
			.isNotEqualTo(other.botToken());
		assertThat(this.telegram.publicKeyHex()).matches("[0-9a-f]{64}").isNotEqualTo(other.publicKeyHex());
	}

	@Test
	void initDataWhenUserThenQueryIdUserAuthDateSignatureAndHashPercentEncoded() {
		String initData = this.telegram.initData(new MiniAppUser(7L, "Ann Lee", null, "ann", "en", true));
		assertThat(initData).startsWith("query_id=")
			.contains("&user=%7B%22id%22%3A7%2C%22first_name%22%3A%22Ann%20Lee%22%2C%22username%22%3A%22ann%22"
					+ "%2C%22language_code%22%3A%22en%22%2C%22is_premium%22%3Atrue")
			.contains("&auth_date=" + NOW.getEpochSecond() + "&signature=")
			.containsPattern("&hash=[0-9a-f]{64}$")
			.doesNotContain("+", " ");
	}

	@Test
	void signWhenFieldsAlreadySignedThenBothSignaturesAreRedoneForTheNewFields() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("auth_date", "1");
		fields.put("user", "{}");
		Map<String, String> first = this.telegram.sign(fields);
		fields.put("user", "{\"id\":1}");
		fields.put("hash", first.get("hash"));
		fields.put("signature", first.get("signature"));
		Map<String, String> again = this.telegram.sign(fields);
		assertThat(again.get("hash")).isNotEqualTo(first.get("hash"));
		assertThat(again.get("signature")).isNotEqualTo(first.get("signature")).doesNotContain("=", "+", "/");
		assertThat(again.keySet()).containsExactly("auth_date", "user", "signature", "hash");
	}

	@Test
	void miniAppUserWhenInvalidThenRefusedAndBlankOptionalFieldsNull() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MiniAppUser(0, "A", null, null, null, false));
		assertThatIllegalArgumentException().isThrownBy(() -> new MiniAppUser(1, " ", null, null, null, false));
		MiniAppUser user = new MiniAppUser(1, "A", " ", "", null, false);
		assertThat(user.lastName()).isNull();
		assertThat(user.username()).isNull();
	}

}
