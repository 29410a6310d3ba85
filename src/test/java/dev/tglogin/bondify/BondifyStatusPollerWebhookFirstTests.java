package dev.tglogin.bondify;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

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
 * {@link BondifyStatusPoller} with webhooks on: no Bondify call while a login is pending but the slow fallback
 * check, on a clock the test moves (background ticks are dropped: only the polls the test makes call Bondify).
 */
class BondifyStatusPollerWebhookFirstTests {

	private static final BondifyLoginState PENDING = BondifyLoginState.PENDING;

	private final ManualBondifyClient client = new ManualBondifyClient();

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private BondifyStatusPoller poller(TelegramLoginStore store) {
		BondifyStatusPoller poller = new BondifyStatusPoller(this.client, Duration.ofSeconds(2));
		poller.setNanoTime(this.now::get);
		poller.setExecutor((tick) -> {
		});
		poller.setWebhookOutcomes(new BondifyWebhookOutcomes(store));
		return poller;
	}

	@Test
	void pollWhenWebhooksOnThenPendingWithoutAnUpstreamCallUntilTheFallbackCheck() throws Exception {
		BondifyStatusPoller poller = poller(new InMemoryTelegramLoginStore());
		for (int second = 0; second < 15; second++) {
			assertThat(poller.current("sess_1")).isEqualTo(PENDING);
			assertThat(poller.poll("sess_1").get()).isEqualTo(PENDING);
			advance(Duration.ofSeconds(1));
		}
		assertThat(this.client.calls).as("pending for 15 s, polled every second").isEmpty();

		assertThat(poller.current("sess_1")).as("the fallback check is due, in the background").isEqualTo(PENDING);
		advance(Duration.ofNanos(BondifyStatusChecks.TICK_LATENESS_NANOS));
		assertThat(poller.current("sess_1")).as("the fallback check is late: the poll makes it").isNull();
		poller.poll("sess_1");
		assertThat(this.client.calls).hasSize(1);
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		advance(Duration.ofSeconds(14));
		assertThat(poller.poll("sess_1").get()).isEqualTo(PENDING);
		assertThat(this.client.calls).hasSize(1);
		advance(Duration.ofSeconds(1));
		poller.poll("sess_1");
		assertThat(this.client.calls).as("the next fallback check, 15 s after the last").hasSize(2);
	}

	@Test
	void fallbackCheckIntervalWhenSetThenUsedButNeverShorterThanTheUpstreamInterval() {
		BondifyStatusPoller poller = poller(new InMemoryTelegramLoginStore());
		poller.setWebhookFallbackCheckInterval(Duration.ofSeconds(5));
		poller.current("sess_1");
		advance(Duration.ofMillis(4999));
		assertThat(poller.current("sess_1")).isEqualTo(PENDING);
		advance(Duration.ofMillis(1));
		assertThat(poller.current("sess_1")).as("the fallback check is due, in the background").isEqualTo(PENDING);
		advance(Duration.ofNanos(BondifyStatusChecks.TICK_LATENESS_NANOS));
		assertThat(poller.current("sess_1")).isNull();

		poller.setWebhookFallbackCheckInterval(Duration.ofMillis(500));
		poller.current("sess_2");
		advance(Duration.ofMillis(1999));
		assertThat(poller.current("sess_2")).as("the upstream interval, 2 s, is longer").isEqualTo(PENDING);
		assertThat(this.client.calls).isEmpty();
	}

	@Test
	void pollWhenTheWebhookStoreCannotBeReadThenBondifyIsPolledAtTheUpstreamInterval() {
		TelegramLoginStore down = mock(TelegramLoginStore.class);
		given(down.findOutcome(anyString()))
			.willThrow(new StoreUnavailableException("down", new java.io.IOException("refused")));
		given(down.tryLease(anyString(), org.mockito.ArgumentMatchers.any())).willReturn(true);
		BondifyStatusPoller poller = poller(down);
		assertThat(poller.current("sess_1")).isEqualTo(PENDING);
		advance(Duration.ofSeconds(2).plusNanos(BondifyStatusChecks.TICK_LATENESS_NANOS));
		assertThat(poller.current("sess_1")).as("webhooks cannot be seen: polling as without them").isNull();
		poller.poll("sess_1");
		assertThat(this.client.calls).hasSize(1);
	}

	@Test
	void setWebhookFallbackCheckIntervalWhenNotPositiveThenIllegalArgument() {
		BondifyStatusPoller poller = poller(new InMemoryTelegramLoginStore());
		assertThatIllegalArgumentException().isThrownBy(() -> poller.setWebhookFallbackCheckInterval(Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> poller.setWebhookFallbackCheckInterval(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> poller.setWebhookFallbackCheckInterval(null));
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

}
