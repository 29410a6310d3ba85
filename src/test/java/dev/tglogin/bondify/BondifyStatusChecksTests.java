package dev.tglogin.bondify;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BondifyStatusChecks}, on a clock the test moves and a client whose answers the test gives.
 */
class BondifyStatusChecksTests {

	private final ManualBondifyClient client = new ManualBondifyClient();

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final BondifyCheckPolicy policy = new BondifyCheckPolicy();

	private final BondifyStatusChecks checks = new BondifyStatusChecks(new BondifyStatusCalls(this.client),
			this.policy);

	BondifyStatusChecksTests() {
		this.policy.setMinInterval(Duration.ofSeconds(2));
		this.checks.setNanoTime(this.now::get);
	}

	@Test
	void constructorWhenCollaboratorMissingThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BondifyStatusChecks(null, this.policy));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BondifyStatusChecks(new BondifyStatusCalls(this.client), null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.checks.setExecutor(null));
	}

	@Test
	void pollWhenCallInFlightThenSharedAndOneWatchPerLogin() {
		CompletableFuture<BondifyLoginState> a = this.checks.poll("sess_1");
		CompletableFuture<BondifyLoginState> b = this.checks.poll("sess_1");
		assertThat(this.client.calls).hasSize(1);
		assertThat(this.checks.size()).isEqualTo(1);
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		assertThat(a.join()).isEqualTo(BondifyLoginState.PENDING);
		assertThat(b.join()).isEqualTo(BondifyLoginState.PENDING);
	}

	@Test
	void currentWhenNoAnswerYetThenNullAndWhenFreshThenLastAnswer() {
		assertThat(this.checks.current("sess_1")).isNull();
		this.checks.poll("sess_1");
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		assertThat(this.checks.current("sess_1")).isEqualTo(BondifyLoginState.PENDING);
		this.now.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(this.checks.current("sess_1")).as("stale, but its background check is due and on its way")
			.isEqualTo(BondifyLoginState.PENDING);
		this.now.addAndGet(BondifyStatusChecks.TICK_LATENESS_NANOS);
		assertThat(this.checks.current("sess_1")).as("stale and its background check late: the poll must call").isNull();
	}

	@Test
	void currentWhenIntervalShorterThanTheLeastTickThenAStaleStateIsNotAnsweredWhileTheTickWaits() {
		this.policy.setMinInterval(Duration.ofMillis(100));
		this.checks.poll("sess_1");
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		// the background check is scheduled 250 ms after the call (the least tick), later than the interval
		this.now.addAndGet(Duration.ofMillis(100).toNanos());
		assertThat(this.checks.current("sess_1")).as("stale; the tick is not due yet: the poll must call").isNull();
	}

	@Test
	void signalWhenLoginWatchedThenDecisiveStateKeptWithoutCall() {
		this.checks.poll("sess_1");
		this.checks.signal(new BondifyWebhookEvent(false, "sess_1", null, null, null, null));
		assertThat(this.checks.current("sess_1")).isInstanceOf(BondifyLoginState.Cancelled.class);
		assertThat(this.checks.await("sess_1", Duration.ofSeconds(5)).join())
			.isInstanceOf(BondifyLoginState.Cancelled.class);
		assertThat(this.client.calls).hasSize(1);
	}

	@Test
	void signalWhenLoginNotWatchedThenIgnored() {
		this.checks.signal(new BondifyWebhookEvent(false, "sess_9", null, null, null, null));
		assertThat(this.checks.size()).isZero();
	}

	@Test
	void awaitWhenConfirmedThenWaiterCompletesWithProof() {
		CompletableFuture<BondifyLoginState> waiter = this.checks.await("sess_1", Duration.ofSeconds(20));
		assertThat(waiter).isNotDone();
		this.client.calls.get(0).complete(new BondifyStatus(BondifyStatus.State.CONFIRMED, "proof"));
		assertThat(waiter.join()).isEqualTo(new BondifyLoginState.Confirmed("proof"));
	}

}
