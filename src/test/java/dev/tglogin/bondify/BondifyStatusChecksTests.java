package dev.tglogin.bondify;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.tglogin.core.UpstreamRateLimitedException;

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
		assertThat(this.checks.current("sess_1")).as("stale: the poll must call").isNull();
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
	void awaitWhenEverySlotTakenThenFreedSlotsGoToTheLoginsInTheOrderTheyWaited() {
		BondifyStatusChecks checks = oneSlotChecks();
		checks.await("sess_a", Duration.ofSeconds(20));
		checks.await("sess_b", Duration.ofSeconds(20));
		checks.await("sess_c", Duration.ofSeconds(20));
		checks.await("sess_d", Duration.ofSeconds(20));
		assertThat(this.client.tokens).containsExactly("sess_a");
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		assertThat(this.client.tokens).as("the slot goes to the login that waited longest").containsExactly("sess_a",
				"sess_b");
		this.client.calls.get(1).complete(BondifyStatus.PENDING);
		this.client.calls.get(2).complete(BondifyStatus.PENDING);
		assertThat(this.client.tokens).containsExactly("sess_a", "sess_b", "sess_c", "sess_d");
		this.now.addAndGet(Duration.ofSeconds(2).toNanos());
		checks.await("sess_a", Duration.ofSeconds(20));
		checks.await("sess_b", Duration.ofSeconds(20));
		this.client.calls.get(3).complete(BondifyStatus.PENDING);
		assertThat(this.client.tokens).as("round after round").containsExactly("sess_a", "sess_b", "sess_c", "sess_d",
				"sess_a");
	}

	@Test
	void awaitWhenSlotFreedBeforeTheLineMovesThenLoginDueMeanwhileWaitsBehindTheLine() {
		DeferredDrains drains = new DeferredDrains();
		BondifyStatusChecks checks = oneSlotChecks();
		checks.setExecutor(drains);
		checks.await("sess_a", Duration.ofSeconds(20));
		checks.await("sess_b", Duration.ofSeconds(20));
		drains.runAll();
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		checks.await("sess_late", Duration.ofSeconds(20));
		assertThat(this.client.tokens).as("the free slot is not taken ahead of the line").containsExactly("sess_a");
		drains.runAll();
		assertThat(this.client.tokens).containsExactly("sess_a", "sess_b");
		this.client.calls.get(1).complete(BondifyStatus.PENDING);
		drains.runAll();
		assertThat(this.client.tokens).containsExactly("sess_a", "sess_b", "sess_late");
	}

	@Test
	void awaitWhenLoginInLineDecidedMeanwhileThenItsTurnGoesToTheNext() {
		BondifyStatusChecks checks = oneSlotChecks();
		checks.await("sess_a", Duration.ofSeconds(20));
		CompletableFuture<BondifyLoginState> b = checks.await("sess_b", Duration.ofSeconds(20));
		checks.await("sess_c", Duration.ofSeconds(20));
		checks.signal(new BondifyWebhookEvent(false, "sess_b", null, null, null, null));
		assertThat(b.join()).isInstanceOf(BondifyLoginState.Cancelled.class);
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		assertThat(this.client.tokens).containsExactly("sess_a", "sess_c");
	}

	@Test
	void pollWhenEverySlotTakenThenLastAnswerAndLoginCheckedInTurn() {
		BondifyStatusChecks checks = oneSlotChecks();
		checks.poll("sess_a");
		assertThat(checks.poll("sess_b").join()).as("no answer yet: 429")
			.isInstanceOfSatisfying(BondifyLoginState.Failed.class,
					(failed) -> assertThat(failed.failure()).isInstanceOf(UpstreamRateLimitedException.class));
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		assertThat(this.client.tokens).containsExactly("sess_a", "sess_b");
		this.client.calls.get(1).complete(new BondifyStatus(BondifyStatus.State.CONFIRMED, "proof"));
		assertThat(checks.poll("sess_b").join()).isEqualTo(new BondifyLoginState.Confirmed("proof"));
	}

	@Test
	void drainWhenCallFailsAtOnceThenEveryLoginInLineCheckedWithoutRecursion() {
		FailingNowClient failing = new FailingNowClient();
		BondifyStatusCalls calls = new BondifyStatusCalls(failing);
		calls.setMaxCalls(1);
		BondifyStatusChecks checks = new BondifyStatusChecks(calls, this.policy);
		checks.setNanoTime(this.now::get);
		checks.setExecutor(new DrainsOnly());
		failing.hold = true;
		checks.await("sess_0", Duration.ofSeconds(20));
		for (int i = 1; i <= 5000; i++) {
			checks.await("sess_" + i, Duration.ofSeconds(20));
		}
		failing.hold = false;
		failing.held.completeExceptionally(new IllegalStateException("down"));
		assertThat(failing.count).as("each login in line called once, in one loop (no stack overflow)")
			.isEqualTo(5001);
	}

	/** Checks with one call slot whose ticks never run (only the line hands out slots), drains run at once. */
	private BondifyStatusChecks oneSlotChecks() {
		BondifyStatusCalls calls = new BondifyStatusCalls(this.client);
		calls.setMaxCalls(1);
		BondifyStatusChecks checks = new BondifyStatusChecks(calls, this.policy);
		checks.setNanoTime(this.now::get);
		checks.setExecutor(new DrainsOnly());
		return checks;
	}

	@Test
	void awaitWhenConfirmedThenWaiterCompletesWithProof() {
		CompletableFuture<BondifyLoginState> waiter = this.checks.await("sess_1", Duration.ofSeconds(20));
		assertThat(waiter).isNotDone();
		this.client.calls.get(0).complete(new BondifyStatus(BondifyStatus.State.CONFIRMED, "proof"));
		assertThat(waiter.join()).isEqualTo(new BondifyLoginState.Confirmed("proof"));
	}

	/** Runs what is handed to it at once, except the ticks (which come through the JDK's delayer thread). */
	private static final class DrainsOnly implements java.util.concurrent.Executor {

		@Override
		public void execute(Runnable task) {
			if (!Thread.currentThread().getName().startsWith("CompletableFutureDelayScheduler")) {
				task.run();
			}
		}

	}

	/** Keeps what is handed to it until told to run it, except the ticks (dropped, as in {@link DrainsOnly}). */
	private static final class DeferredDrains implements java.util.concurrent.Executor {

		private final java.util.List<Runnable> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public void execute(Runnable task) {
			if (!Thread.currentThread().getName().startsWith("CompletableFutureDelayScheduler")) {
				this.tasks.add(task);
			}
		}

		void runAll() {
			while (!this.tasks.isEmpty()) {
				this.tasks.remove(0).run();
			}
		}

	}

	/** Holds the first call open while told to, then fails every call at once (a synchronous failure). */
	private static final class FailingNowClient implements BondifyClient {

		final CompletableFuture<BondifyStatus> held = new CompletableFuture<>();

		volatile boolean hold;

		int count;

		@Override
		public BondifySession generate() {
			throw new UnsupportedOperationException();
		}

		@Override
		public BondifyStatus status(String sessionToken) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<BondifyStatus> statusAsync(String sessionToken) {
			this.count++;
			return this.hold ? this.held : CompletableFuture.failedFuture(new IllegalStateException("down"));
		}

	}

}
