package dev.tglogin.bondify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.TelegramLoginStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BondifyStatusChecks}, on a clock the test moves and a client whose answers the test gives.
 */
class BondifyStatusChecksTests {

	private final ManualBondifyClient client = new ManualBondifyClient();

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final BondifyCheckPolicy policy = new BondifyCheckPolicy();

	private final BondifyStatusCalls calls = new BondifyStatusCalls(this.client);

	private final BondifyStatusChecks checks = new BondifyStatusChecks(this.calls, this.policy);

	/** What the checks hand to their executor, run when the test says. */
	private final List<Runnable> tasks = new CopyOnWriteArrayList<>();

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

	@Test
	void atTheLimitOfCallsEachCallThatEndsStartsTheOldestWaitingLoginsCheckAndNoneJumpsTheQueue() {
		oneCallInFlight();
		CompletableFuture<BondifyLoginState> first = this.checks.await("sess_1", Duration.ofSeconds(20));
		this.checks.await("sess_2", Duration.ofSeconds(20));
		assertThat(this.checks.poll("sess_3")).isCompletedWithValueMatching(BondifyLoginState.Failed.class::isInstance);
		assertThat(this.client.tokens).containsExactly("sess_busy");
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		// the place is free: a poll of a login that came later does not take it, it starts the oldest waiting
		// login's check (before the task the ended call has the timer hand over at its next slot)
		assertThat(this.checks.poll("sess_4")).isCompletedWithValueMatching(BondifyLoginState.Failed.class::isInstance);
		assertThat(this.client.tokens).containsExactly("sess_busy", "sess_1");
		this.client.calls.get(1).complete(new BondifyStatus(BondifyStatus.State.CONFIRMED, "proof"));
		assertThat(first).isCompletedWithValue(new BondifyLoginState.Confirmed("proof"));
		for (int served = 2; served <= 4; served++) {
			runHandedOverTasks();
			assertThat(this.client.tokens).hasSize(served + 1).last().isEqualTo("sess_" + served);
			this.client.calls.get(served).complete(BondifyStatus.PENDING);
		}
		runTasks();
		assertThat(this.client.tokens).as("nobody waits any more").hasSize(5);
	}

	@Test
	void atTheLimitOfCallsALoginDecidedWhileItWaitsIsNotChecked() {
		oneCallInFlight();
		this.checks.await("sess_1", Duration.ofSeconds(20));
		this.checks.await("sess_2", Duration.ofSeconds(20));
		this.checks.signal(new BondifyWebhookEvent(false, "sess_1", null, null, null, null));
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		runHandedOverTasks();
		assertThat(this.client.tokens).containsExactly("sess_busy", "sess_2");
	}

	@Test
	void atTheLimitOfCallsWithoutIntervalAPollOfAWaitingLoginStartsItsCheckOnceAPlaceIsFree() {
		this.policy.setMinInterval(Duration.ZERO);
		oneCallInFlight();
		assertThat(this.checks.poll("sess_1")).isCompletedWithValueMatching(BondifyLoginState.Failed.class::isInstance);
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		// the login waits in the queue, the task that serves it not run yet: the poll serves it, and shares the call
		CompletableFuture<BondifyLoginState> next = this.checks.poll("sess_1");
		assertThat(this.client.tokens).containsExactly("sess_busy", "sess_1");
		this.client.calls.get(1).complete(BondifyStatus.PENDING);
		assertThat(next).isCompletedWithValue(BondifyLoginState.PENDING);
	}

	@Test
	void atTheLimitOfCallsAPollWhoseQueuedCheckTheQueueStartsAndTheUpstreamAnswersAtOnceGetsThatAnswer() {
		this.policy.setMinInterval(Duration.ZERO);
		this.client.answeredAtOnce.add("sess_1");
		oneCallInFlight();
		assertThat(this.checks.poll("sess_1")).isCompletedWithValueMatching(BondifyLoginState.Failed.class::isInstance);
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		// the poll serves the queue, which starts sess_1's check; the upstream answers before the poll looks at the
		// login again: that answer, not a 429 (StatusPollingIntegrationTests' limit case, now and then, before)
		assertThat(this.checks.poll("sess_1")).isCompletedWithValue(BondifyLoginState.PENDING);
		assertThat(this.client.tokens).containsExactly("sess_busy", "sess_1");
	}

	@Test
	void atTheLimitOfCallsALongPolledLoginWhoseWaitEndsWhileItWaitsIsStillCheckedInItsTurn() {
		oneCallInFlight();
		CompletableFuture<BondifyLoginState> held = this.checks.await("sess_1", Duration.ofSeconds(25));
		// the long-poll is held its whole wait and answered pending (as the timer does); the browser's next one is on
		// its way when the login's turn comes: the login is still polled, its check must not be dropped
		this.now.addAndGet(Duration.ofSeconds(25).toNanos());
		held.complete(BondifyLoginState.PENDING);
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		runHandedOverTasks();
		assertThat(this.client.tokens).containsExactly("sess_busy", "sess_1");
	}

	@Test
	void aLongPolledLoginWhoseCheckAnswersAfterItsWaitEndedIsStillCheckedInTheBackground() {
		this.checks.setExecutor(this.tasks::add);
		CompletableFuture<BondifyLoginState> held = this.checks.await("sess_1", Duration.ofSeconds(25));
		this.now.addAndGet(Duration.ofSeconds(25).toNanos());
		held.complete(BondifyLoginState.PENDING);
		// the check answers after the wait ended, before the browser's next long-poll arrives: the login was polled
		// until now, so its next check is scheduled (due at once: the call began 25 s ago)
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (this.client.tokens.size() < 2 && System.nanoTime() < deadline) {
			runTasks();
			Thread.onSpinWait();
		}
		assertThat(this.client.tokens).containsExactly("sess_1", "sess_1");
	}

	@Test
	void atTheLimitOfCallsALoginWhoseLeaseWasTakenWhileAnotherTookTheLastPlaceIsCheckedInItsTurn() {
		List<String> leasesAsked = pollWhileAnotherTakesTheLastPlace();
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		runHandedOverTasks();
		// the other login took the place while sess_1 took its lease: sess_1 waits, and is checked once the place is
		// free with the lease it took (a lease cannot be given back: asking again kept it unchecked an interval)
		assertThat(this.client.tokens).containsExactly("sess_other", "sess_1");
		assertThat(leasesAsked).as("sess_1's lease, asked for first").filteredOn(leasesAsked.get(0)::equals).hasSize(1);
	}

	@Test
	void atTheLimitOfCallsALeaseKeptForTheNextTryIsNotUsedOnceItsIntervalHasPassed() {
		List<String> leasesAsked = pollWhileAnotherTakesTheLastPlace();
		this.now.addAndGet(Duration.ofSeconds(2).toNanos());
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		runHandedOverTasks();
		// the lease sess_1 kept has run out (by this instance's clock): it asks the store again, which still has it
		// (by the store's own clock), so no call is made on a lease that may be another instance's by now
		assertThat(leasesAsked).as("sess_1's lease, asked for first").filteredOn(leasesAsked.get(0)::equals).hasSize(2);
		assertThat(this.client.tokens).containsExactly("sess_other");
	}

	/**
	 * Allows one call in flight and polls {@code sess_1}, whose lease is asked for while another login's poll takes the
	 * place ({@link #racingStore}).
	 * @return the keys of the leases asked for, {@code sess_1}'s first
	 */
	private List<String> pollWhileAnotherTakesTheLastPlace() {
		List<String> leasesAsked = new CopyOnWriteArrayList<>();
		this.policy.setShared(new BondifyWebhookOutcomes(racingStore(leasesAsked)));
		this.checks.setExecutor(this.tasks::add);
		this.calls.setMaxCalls(1);
		this.checks.poll("sess_1");
		return leasesAsked;
	}

	/**
	 * An in-memory store whose first {@code tryLease} lets another login's poll ({@code sess_other}, on another thread
	 * in a real run) go first: it takes the last place among the calls in flight if one is free.
	 */
	private TelegramLoginStore racingStore(List<String> leasesAsked) {
		InMemoryTelegramLoginStore memory = new InMemoryTelegramLoginStore();
		AtomicBoolean raced = new AtomicBoolean();
		return new TelegramLoginStore() {

			@Override
			public boolean tryLease(String key, Instant expiresAt) {
				leasesAsked.add(key);
				if (raced.compareAndSet(false, true)) {
					BondifyStatusChecksTests.this.checks.poll("sess_other");
				}
				return memory.tryLease(key, expiresAt);
			}

			@Override
			public boolean useOnce(String key, Instant expiresAt) {
				return memory.useOnce(key, expiresAt);
			}

			@Override
			public long increment(String key, Instant expiresAt) {
				return memory.increment(key, expiresAt);
			}

			@Override
			public void decrement(String key) {
				memory.decrement(key);
			}

			@Override
			public void putOutcome(String key, String value, Instant expiresAt) {
				memory.putOutcome(key, value, expiresAt);
			}

			@Override
			public @Nullable String findOutcome(String key) {
				return memory.findOutcome(key);
			}

		};
	}

	/** Allows one call in flight and takes it (a poll of another login); handed-over tasks run when the test says. */
	private void oneCallInFlight() {
		this.checks.setExecutor(this.tasks::add);
		this.calls.setMaxCalls(1);
		this.checks.poll("sess_busy");
	}

	/**
	 * Runs the tasks handed over once there is one (a call that ended has the queue served at the timer's next slot,
	 * some milliseconds later).
	 */
	private void runHandedOverTasks() {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (this.tasks.isEmpty() && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		runTasks();
	}

	/** Runs the tasks handed over so far (not those they hand over). */
	private void runTasks() {
		for (int count = this.tasks.size(); count > 0; count--) {
			this.tasks.remove(0).run();
		}
	}

}
