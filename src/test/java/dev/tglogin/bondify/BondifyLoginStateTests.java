package dev.tglogin.bondify;

import org.junit.jupiter.api.Test;

import dev.tglogin.core.UpstreamTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BondifyLoginState}.
 */
class BondifyLoginStateTests {

	@Test
	void ofWhenEachStatusThenItsState() {
		assertThat(BondifyLoginState.of(BondifyStatus.PENDING)).isEqualTo(BondifyLoginState.PENDING);
		assertThat(BondifyLoginState.of(new BondifyStatus(BondifyStatus.State.CONFIRMED, "jwt")))
			.isEqualTo(new BondifyLoginState.Confirmed("jwt"));
		assertThat(BondifyLoginState.of(new BondifyStatus(BondifyStatus.State.CANCELLED, null)))
			.isEqualTo(BondifyLoginState.CANCELLED);
		assertThat(BondifyLoginState.of(new BondifyStatus(BondifyStatus.State.EXPIRED, null)))
			.isEqualTo(BondifyLoginState.EXPIRED);
		assertThat(BondifyLoginState.of(new BondifyStatus(BondifyStatus.State.USED, null)))
			.isEqualTo(BondifyLoginState.USED);
	}

	@Test
	void ofWhenWebhookEventThenConfirmedByWebhookOrCancelled() {
		BondifyWebhookEvent confirmed = new BondifyWebhookEvent(true, "sess_1", "42", "Ann", null, null);
		assertThat(BondifyLoginState.of(confirmed)).isEqualTo(new BondifyLoginState.ConfirmedByWebhook(confirmed));
		assertThat(BondifyLoginState.of(new BondifyWebhookEvent(false, "sess_1", null, null, null, null)))
			.isEqualTo(BondifyLoginState.CANCELLED);
		assertThatIllegalArgumentException().isThrownBy(() -> new BondifyLoginState.ConfirmedByWebhook(
				new BondifyWebhookEvent(false, "sess_1", null, null, null, null)));
	}

	@Test
	void statusNameWhenEachStateThenTheStatusTheBrowserIsTold() {
		assertThat(BondifyLoginState.PENDING.statusName()).isEqualTo("pending");
		assertThat(new BondifyLoginState.Confirmed("jwt").statusName()).isEqualTo("confirmed");
		assertThat(new BondifyLoginState.ConfirmedByWebhook(
				new BondifyWebhookEvent(true, "sess_1", "42", "Ann", null, null)).statusName()).isEqualTo("confirmed");
		assertThat(BondifyLoginState.CANCELLED.statusName()).isEqualTo("cancelled");
		assertThat(BondifyLoginState.EXPIRED.statusName()).isEqualTo("expired");
		assertThat(BondifyLoginState.USED.statusName()).isEqualTo("used");
	}

	@Test
	void isDecisiveWhenPendingOrFailedThenFalseElseTrue() {
		assertThat(BondifyLoginState.PENDING.isDecisive()).isFalse();
		assertThat(new BondifyLoginState.Failed(new UpstreamTimeoutException("bondify", "slow", null)).isDecisive())
			.isFalse();
		assertThat(new BondifyLoginState.Confirmed("jwt").isDecisive()).isTrue();
		assertThat(BondifyLoginState.USED.isDecisive()).isTrue();
	}

	@Test
	void toStringWhenConfirmedThenNoProof() {
		assertThat(new BondifyLoginState.Confirmed("eyJ.secret.proof")).hasToString("Confirmed[proof=[PROTECTED]]");
		assertThat(new BondifyLoginState.ConfirmedByWebhook(
				new BondifyWebhookEvent(true, "sess_secret", "42", "Ann", null, null)).toString())
			.doesNotContain("sess_secret");
	}

}
