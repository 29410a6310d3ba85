package dev.tglogin.bondify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SharedAnswers}.
 */
class SharedAnswersTests {

	@Test
	void toJsonWhenDecisiveThenReadBackTheSame() {
		for (BondifyLoginState state : new BondifyLoginState[] { new BondifyLoginState.Confirmed("a.b.c"),
				BondifyLoginState.CANCELLED, BondifyLoginState.EXPIRED }) {
			assertThat(SharedAnswers.fromJson(SharedAnswers.toJson(state))).isEqualTo(state);
		}
	}

	@Test
	void toJsonWhenNotSharedThenNull() {
		assertThat(SharedAnswers.toJson(BondifyLoginState.PENDING)).isNull();
		assertThat(SharedAnswers.toJson(BondifyLoginState.USED)).isNull();
	}

	@Test
	void fromJsonWhenWebhookEventOrUnusableThenNull() {
		assertThat(SharedAnswers.fromJson("{\"event\":\"auth.cancelled\",\"status\":\"cancelled\"}")).isNull();
		assertThat(SharedAnswers.fromJson("{\"status\":\"confirmed\"}")).isNull();
		assertThat(SharedAnswers.fromJson("{\"status\":\"used\"}")).isNull();
		assertThat(SharedAnswers.fromJson("not json")).isNull();
	}

}
