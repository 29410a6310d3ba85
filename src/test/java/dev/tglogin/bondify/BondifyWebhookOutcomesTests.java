package dev.tglogin.bondify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationServiceException;

import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.StoreUnavailableException;
import dev.tglogin.store.TelegramLoginStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link BondifyWebhookOutcomes}.
 */
class BondifyWebhookOutcomesTests {

	private static final Instant LATER = Instant.now().plusSeconds(600);

	private final InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();

	private final BondifyWebhookOutcomes outcomes = new BondifyWebhookOutcomes(this.store);

	@Test
	void recordWhenEventThenFoundUnderTheHashOfItsSessionTokenAndListenersTold() {
		List<BondifyWebhookEvent> told = new ArrayList<>();
		this.outcomes.addListener(told::add);
		BondifyWebhookEvent event = new BondifyWebhookEvent(true, "sess_1", "42", "Ada", "ada", "+447700900123");
		this.outcomes.record(event, LATER);
		assertThat(this.outcomes.find("sess_1")).isEqualTo(event);
		assertThat(new BondifyWebhookOutcomes(this.store).find("sess_1")).as("another instance").isEqualTo(event);
		assertThat(told).containsExactly(event);
		assertThat(this.outcomes.find("sess_2")).isNull();
	}

	@Test
	void recordWhenCancelledThenReadBackCancelled() {
		this.outcomes.record(new BondifyWebhookEvent(false, "sess_1", null, null, null, null), LATER);
		assertThat(this.outcomes.find("sess_1").confirmed()).isFalse();
	}

	@Test
	void findWhenRecordIsNotAnEventThenNull() {
		this.store.putOutcome(StoreKeys.key(BondifyWebhookOutcomes.OUTCOME_NAMESPACE, "sess_1"), "not json", LATER);
		assertThat(this.outcomes.find("sess_1")).isNull();
	}

	@Test
	void findWhenStoreCannotBeReadThenNullAndMarkedConfirmedFalse() {
		TelegramLoginStore down = mock(TelegramLoginStore.class);
		given(down.findOutcome(anyString())).willThrow(new StoreUnavailableException("down", new java.io.IOException("refused")));
		BondifyWebhookOutcomes tolerant = new BondifyWebhookOutcomes(down);
		assertThat(tolerant.find("sess_1")).isNull();
		assertThat(tolerant.isMarkedConfirmed("sess_1")).isFalse();
	}

	@Test
	void recordWhenStoreCannotBeWrittenThenThrowsAndNoListenerTold() {
		TelegramLoginStore down = mock(TelegramLoginStore.class);
		willThrow(new StoreUnavailableException("down", new java.io.IOException("refused"))).given(down).putOutcome(anyString(), anyString(), any());
		BondifyWebhookOutcomes failing = new BondifyWebhookOutcomes(down);
		List<BondifyWebhookEvent> told = new ArrayList<>();
		failing.addListener(told::add);
		assertThatExceptionOfType(AuthenticationServiceException.class).isThrownBy(() -> failing
			.record(new BondifyWebhookEvent(false, "sess_1", null, null, null, null), LATER));
		assertThat(told).isEmpty();
		// marking a confirmation is best effort: logged, not thrown
		failing.markConfirmed("sess_1", LATER);
	}

	@Test
	void markConfirmedWhenMarkedThenSeenByEveryInstance() {
		assertThat(this.outcomes.isMarkedConfirmed("sess_1")).isFalse();
		this.outcomes.markConfirmed("sess_1", LATER);
		assertThat(new BondifyWebhookOutcomes(this.store).isMarkedConfirmed("sess_1")).isTrue();
		assertThat(this.outcomes.isMarkedConfirmed("sess_2")).isFalse();
	}

	@Test
	void tryCheckWhenTheLeaseIsHeldThenFalseForEveryoneElseUntilItEnds() {
		dev.tglogin.test.MutableClock clock = new dev.tglogin.test.MutableClock(Instant.now());
		this.store.setClock(clock);
		BondifyWebhookOutcomes instanceA = new BondifyWebhookOutcomes(this.store);
		BondifyWebhookOutcomes instanceB = new BondifyWebhookOutcomes(this.store);
		instanceA.setClock(clock);
		instanceB.setClock(clock);
		assertThat(instanceA.tryCheck("sess_1", java.time.Duration.ofSeconds(2))).isTrue();
		assertThat(instanceB.tryCheck("sess_1", java.time.Duration.ofSeconds(2))).isFalse();
		assertThat(instanceB.tryCheck("sess_2", java.time.Duration.ofSeconds(2))).isTrue();
		clock.advance(java.time.Duration.ofMillis(2001));
		assertThat(instanceB.tryCheck("sess_1", java.time.Duration.ofSeconds(2))).isTrue();
	}

	@Test
	void tryCheckWhenTheStoreFailsThenTheCheckIsMadeAnyway() {
		TelegramLoginStore down = mock(TelegramLoginStore.class);
		given(down.tryLease(anyString(), any())).willThrow(new StoreUnavailableException("down", new java.io.IOException("refused")));
		assertThat(new BondifyWebhookOutcomes(down).tryCheck("sess_1", java.time.Duration.ofSeconds(2))).isTrue();
	}

	@Test
	void findStateWhenWebhookEventOrSharedAnswerThenItsStateAndReadableTracksTheStore() {
		BondifyWebhookEvent event = new BondifyWebhookEvent(true, "sess_1", "42", "Ada", null, null);
		this.outcomes.record(event, LATER);
		this.outcomes.share("sess_2", BondifyLoginState.EXPIRED);
		this.outcomes.share("sess_3", BondifyLoginState.PENDING);
		this.outcomes.share("sess_4", new BondifyLoginState.Confirmed("not-a-jwt"));
		assertThat(this.outcomes.findState("sess_1")).isEqualTo(new BondifyLoginState.ConfirmedByWebhook(event));
		assertThat(this.outcomes.findState("sess_2")).isEqualTo(BondifyLoginState.EXPIRED);
		assertThat(this.outcomes.find("sess_2")).as("a shared answer is not a webhook event").isNull();
		assertThat(this.outcomes.findState("sess_3")).as("pending is not shared").isNull();
		assertThat(this.outcomes.findState("sess_4")).as("a proof without exp is not shared").isNull();
		assertThat(this.outcomes.isReadable()).isTrue();

		TelegramLoginStore down = mock(TelegramLoginStore.class);
		given(down.findOutcome(anyString())).willThrow(new StoreUnavailableException("down", new java.io.IOException("refused")));
		BondifyWebhookOutcomes unreadable = new BondifyWebhookOutcomes(down);
		assertThat(unreadable.findState("sess_1")).isNull();
		assertThat(unreadable.isReadable()).isFalse();
	}

}
