package dev.tglogin.emulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BondifyBodies}: the wire shape of each answer and event, written with the emulator's own names
 * (the literals here are Bondify's documented ones, so neither side's constants can agree with themselves).
 */
class BondifyBodiesTests {

	private static final Instant AT = Instant.parse("2026-07-01T10:00:00.123Z");

	private static final long AT_MILLIS = AT.toEpochMilli();

	private static final String PROOF = "eyJhbGciOiJIUzI1NiJ9.eyJ9.c2ln";

	@Test
	void bodyWhenGeneratedThenTokenDeeplinkAndExpiryInMillis() {
		assertThat(BondifyBodies.body(new BondifyAnswer.Generated("sess_1", "http://e/telegram?start=sess_1", AT)))
			.containsExactlyEntriesOf(ordered("session_token", "sess_1", "deeplink", "http://e/telegram?start=sess_1",
					"expires_at", AT_MILLIS));
	}

	@Test
	void bodyWhenAStatusWithoutDetailsThenOnlyTheStatus() {
		assertThat(BondifyBodies.body(new BondifyAnswer.Pending()))
			.containsExactlyEntriesOf(ordered("status", "pending"));
		assertThat(BondifyBodies.body(new BondifyAnswer.Expired()))
			.containsExactlyEntriesOf(ordered("status", "expired"));
		assertThat(BondifyBodies.body(new BondifyAnswer.Used())).containsExactlyEntriesOf(ordered("status", "used"));
		assertThat(BondifyBodies.body(new BondifyAnswer.Cancelled(AT)))
			.containsExactlyEntriesOf(ordered("status", "cancelled", "cancelled_at", AT_MILLIS));
	}

	@Test
	void bodyWhenConfirmedThenTheUsersFieldsWithANullUsernameButNoPhoneUnlessShared() {
		EmulatedTelegramUser noUsername = EmulatedTelegramUser.of("42", "Alex Johnson", null);
		assertThat(BondifyBodies.body(new BondifyAnswer.Confirmed(noUsername, AT, PROOF)))
			.containsExactlyEntriesOf(ordered("status", "confirmed", "telegram_id", "42", "telegram_name",
					"Alex Johnson", "telegram_username", null, "confirmed_at", AT_MILLIS, "proof", PROOF));
		EmulatedTelegramUser withPhone = new EmulatedTelegramUser("42", "Alex Johnson", "alexj", "+15550100");
		assertThat(BondifyBodies.body(new BondifyAnswer.Confirmed(withPhone, AT, PROOF)))
			.containsExactlyEntriesOf(ordered("status", "confirmed", "telegram_id", "42", "telegram_name",
					"Alex Johnson", "telegram_username", "alexj", "telegram_phone", "+15550100", "confirmed_at",
					AT_MILLIS, "proof", PROOF));
	}

	@Test
	void eventsWhenConfirmedOrCancelledThenBondifysWebhookBodies() {
		EmulatedTelegramUser user = EmulatedTelegramUser.of("42", "Alex Johnson", "alexj");
		assertThat(BondifyBodies.confirmedEvent("sess_1", user, AT)).containsExactlyEntriesOf(ordered("event",
				"auth.confirmed", "session_token", "sess_1", "telegram_id", "42", "telegram_name", "Alex Johnson",
				"telegram_username", "alexj", "confirmed_at", AT_MILLIS));
		assertThat(BondifyBodies.cancelledEvent("sess_1", AT)).containsExactlyEntriesOf(
				ordered("event", "auth.cancelled", "session_token", "sess_1", "cancelled_at", AT_MILLIS));
	}

	@Test
	void writeWhenRefusedThenItsStatusAndTheErrorBodyByteForByte() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		BondifyBodies.write(response, BondifyAnswer.Refused
			.of(new EmulatorException(404, "SESSION_EXPIRED", "Session not found or expired")));
		assertThat(response.getStatus()).isEqualTo(404);
		assertThat(response.getContentType()).startsWith("application/json");
		assertThat(response.getContentAsString())
			.isEqualTo("{\"error\":\"Session not found or expired\",\"code\":\"SESSION_EXPIRED\"}");

		MockHttpServletResponse failure = new MockHttpServletResponse();
		BondifyBodies.write(failure, new BondifyAnswer.Refused(500, null, "emulator error"));
		assertThat(failure.getStatus()).isEqualTo(500);
		assertThat(failure.getContentAsString()).isEqualTo("{\"error\":\"emulator error\"}");
	}

	@Test
	void writeWhenAnAnswerThen200AndItsBodyByteForByte() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		BondifyBodies.write(response, new BondifyAnswer.Cancelled(AT));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString())
			.isEqualTo("{\"status\":\"cancelled\",\"cancelled_at\":" + AT_MILLIS + "}");
	}

	@Test
	void toStringWhenTokensOrProofsThenNoneShows() {
		assertThat(new BondifyAnswer.Generated("sess_secret", "http://e/telegram?start=sess_secret", AT).toString())
			.doesNotContain("sess_secret");
		assertThat(new BondifyAnswer.Confirmed(EmulatedTelegramUser.defaultUser(), AT, PROOF).toString())
			.doesNotContain(PROOF);
	}

	@Test
	void refusedWhenNotAnErrorStatusThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BondifyAnswer.Refused(200, "X", "ok"));
		assertThatIllegalArgumentException().isThrownBy(() -> new BondifyAnswer.Refused(400, " ", "bad"));
	}

	private static Map<String, Object> ordered(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}
