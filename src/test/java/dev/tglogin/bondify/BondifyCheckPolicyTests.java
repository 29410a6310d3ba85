package dev.tglogin.bondify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.StoreUnavailableException;
import dev.tglogin.store.TelegramLoginStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link BondifyCheckPolicy}.
 */
class BondifyCheckPolicyTests {

	private final BondifyCheckPolicy policy = new BondifyCheckPolicy();

	@Test
	void checkNanosWhenWebhooksOnThenTheLongerOfFallbackAndMinInterval() {
		this.policy.setMinInterval(Duration.ofSeconds(2));
		assertThat(this.policy.checkNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
		this.policy.setWebhooks(new BondifyWebhookOutcomes(new InMemoryTelegramLoginStore()));
		assertThat(this.policy.isWebhookFirst()).isTrue();
		assertThat(this.policy.checkNanos()).isEqualTo(Duration.ofSeconds(15).toNanos());
		this.policy.setFallbackInterval(Duration.ofSeconds(1));
		assertThat(this.policy.checkNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
	}

	@Test
	void backgroundCheckNanosWhenTheIntervalIsShorterThanTheLeastTickThenTheLeastTick() {
		this.policy.setMinInterval(Duration.ofMillis(100));
		assertThat(this.policy.backgroundCheckNanos()).isEqualTo(BondifyCheckPolicy.MIN_TICK_NANOS);
		this.policy.setMinInterval(Duration.ofSeconds(2));
		assertThat(this.policy.backgroundCheckNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
		this.policy.setWebhooks(new BondifyWebhookOutcomes(new InMemoryTelegramLoginStore()));
		assertThat(this.policy.backgroundCheckNanos()).as("webhook-first: the fallback interval")
			.isEqualTo(Duration.ofSeconds(15).toNanos());
	}

	@Test
	void checkNanosWhenTheWebhookStoreCannotBeReadThenTheMinInterval() {
		TelegramLoginStore down = mock(TelegramLoginStore.class);
		given(down.findOutcome(anyString()))
			.willThrow(new StoreUnavailableException("down", new java.io.IOException("refused")));
		BondifyWebhookOutcomes webhooks = new BondifyWebhookOutcomes(down);
		this.policy.setMinInterval(Duration.ofSeconds(2));
		this.policy.setWebhooks(webhooks);
		webhooks.findState("sess_1");
		assertThat(this.policy.isWebhookFirst()).isFalse();
		assertThat(this.policy.checkNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
	}

	@Test
	void tryCheckWhenSharedStoreThenOneLeasePerIntervalAndWithoutOneAlways() {
		this.policy.setMinInterval(Duration.ofSeconds(2));
		assertThat(this.policy.tryCheck("sess_1")).isTrue();
		assertThat(this.policy.tryCheck("sess_1")).as("no shared store: no lease").isTrue();
		InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();
		this.policy.setShared(new BondifyWebhookOutcomes(store));
		assertThat(this.policy.tryCheck("sess_1")).isTrue();
		assertThat(this.policy.tryCheck("sess_1")).isFalse();
		this.policy.setMinInterval(Duration.ZERO);
		assertThat(this.policy.tryCheck("sess_1")).as("no interval: every poll may check").isTrue();
	}

	@Test
	void storeOfWhenWebhooksOrCheckedElsewhereThenTheStoreToRead() {
		BondifyWebhookOutcomes shared = new BondifyWebhookOutcomes(new InMemoryTelegramLoginStore());
		this.policy.setShared(shared);
		assertThat(this.policy.storeOf(false)).isNull();
		assertThat(this.policy.storeOf(true)).isSameAs(shared);
		BondifyWebhookOutcomes webhooks = new BondifyWebhookOutcomes(new InMemoryTelegramLoginStore());
		this.policy.setWebhooks(webhooks);
		assertThat(this.policy.storeOf(false)).isSameAs(webhooks);
	}

	@Test
	void decidedWhenConfirmedThenMarkedAndWhenPendingThenNothingShared() {
		InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();
		BondifyWebhookOutcomes shared = new BondifyWebhookOutcomes(store);
		this.policy.setShared(shared);
		this.policy.decided("sess_1", BondifyLoginState.PENDING);
		this.policy.decided("sess_2", BondifyLoginState.CANCELLED);
		assertThat(shared.findState("sess_1")).isNull();
		assertThat(shared.findState("sess_2")).isEqualTo(BondifyLoginState.CANCELLED);
		this.policy.decided("sess_3", new BondifyLoginState.Confirmed("a.b.c"));
		assertThat(shared.isMarkedConfirmed("sess_3")).isTrue();
	}

	@Test
	void decidedWhenConfirmedThenMarkedUntilTheSessionEndsByTheOutcomesClock() {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();
		store.setClock(Clock.fixed(now, ZoneOffset.UTC));
		BondifyWebhookOutcomes shared = new BondifyWebhookOutcomes(store);
		shared.setClock(Clock.fixed(now.minus(BondifyProtocol.SESSION_LIFETIME).minusSeconds(1), ZoneOffset.UTC));
		this.policy.setShared(shared);
		this.policy.decided("sess_1", new BondifyLoginState.Confirmed("a.b.c"));
		assertThat(shared.isMarkedConfirmed("sess_1")).as("ended a second ago by the outcomes' clock").isFalse();
		shared.setClock(Clock.fixed(now.minus(BondifyProtocol.SESSION_LIFETIME).plusSeconds(1), ZoneOffset.UTC));
		this.policy.decided("sess_2", new BondifyLoginState.Confirmed("a.b.c"));
		assertThat(shared.isMarkedConfirmed("sess_2")).isTrue();
	}

	@Test
	void setFallbackIntervalWhenNotPositiveThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.policy.setFallbackInterval(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> this.policy.setMinInterval(Duration.ofSeconds(-1)));
	}

}
