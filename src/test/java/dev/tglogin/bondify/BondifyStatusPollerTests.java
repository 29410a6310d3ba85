package dev.tglogin.bondify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.store.InMemoryTelegramLoginStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BondifyStatusPoller} against a client whose answers the test gives by hand, on a clock the test moves.
 */
class BondifyStatusPollerTests {

	private static final BondifyStatus CONFIRMED_ANSWER = new BondifyStatus(BondifyStatus.State.CONFIRMED, "proof");

	private static final BondifyLoginState CONFIRMED = new BondifyLoginState.Confirmed("proof");

	private static final BondifyLoginState PENDING = BondifyLoginState.PENDING;

	private final ManualBondifyClient client = new ManualBondifyClient();

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final BondifyStatusPoller poller = poller(Duration.ofSeconds(2));

	private BondifyStatusPoller poller(Duration interval) {
		BondifyStatusPoller poller = new BondifyStatusPoller(this.client, interval);
		poller.setNanoTime(this.now::get);
		return poller;
	}

	@Test
	void pollsWhileACallIsInFlightShareIt() throws Exception {
		CompletableFuture<BondifyLoginState> a = this.poller.poll("sess_1");
		CompletableFuture<BondifyLoginState> b = this.poller.poll("sess_1");
		assertThat(this.client.calls).hasSize(1);
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		assertThat(a.get()).isEqualTo(PENDING);
		assertThat(b.get()).isEqualTo(PENDING);
	}

	@Test
	void withinTheIntervalThePollGetsTheLastAnswerAndAfterItANewCall() throws Exception {
		this.poller.poll("sess_1");
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		this.now.addAndGet(Duration.ofMillis(1999).toNanos());
		assertThat(this.poller.poll("sess_1").get()).isEqualTo(PENDING);
		assertThat(this.client.calls).hasSize(1);
		this.now.addAndGet(Duration.ofMillis(1).toNanos());
		CompletableFuture<BondifyLoginState> next = this.poller.poll("sess_1");
		assertThat(this.client.calls).hasSize(2);
		this.client.calls.get(1).complete(CONFIRMED_ANSWER);
		assertThat(next.get()).isEqualTo(CONFIRMED);
	}

	@Test
	void loginsAreCoalescedSeparately() {
		this.poller.poll("sess_1");
		this.poller.poll("sess_2");
		assertThat(this.client.tokens).containsExactly("sess_1", "sess_2");
	}

	@Test
	void aFinalAnswerIsKeptForTheNextPollEvenWhenNobodyWaitedForIt() throws Exception {
		CompletableFuture<BondifyLoginState> first = this.poller.poll("sess_1");
		first.cancel(false);
		this.client.calls.get(0).complete(CONFIRMED_ANSWER);
		this.now.addAndGet(Duration.ofMinutes(1).toNanos());
		assertThat(this.poller.poll("sess_1").get()).isEqualTo(CONFIRMED);
		assertThat(this.poller.await("sess_1", Duration.ofSeconds(5)).get()).isEqualTo(CONFIRMED);
		assertThat(this.client.calls).hasSize(1);
	}

	@Test
	void aFailureIsGivenToThePollsOfItsIntervalOnly() throws Exception {
		CompletableFuture<BondifyLoginState> first = this.poller.poll("sess_1");
		this.client.calls.get(0).completeExceptionally(new UpstreamTimeoutException("bondify", "slow", null));
		assertFailed(first.get(), UpstreamTimeoutException.class);
		assertFailed(this.poller.poll("sess_1").get(), UpstreamTimeoutException.class);
		this.now.addAndGet(Duration.ofSeconds(2).toNanos());
		this.poller.poll("sess_1");
		assertThat(this.client.calls).hasSize(2);
	}

	@Test
	void waitersAreWokenByTheFirstAnswerThatIsNotPending() throws Exception {
		BondifyStatusPoller fast = poller(Duration.ZERO);
		fast.setNanoTime(System::nanoTime);
		CompletableFuture<BondifyLoginState> a = fast.await("sess_1", Duration.ofSeconds(20));
		CompletableFuture<BondifyLoginState> b = fast.await("sess_1", Duration.ofSeconds(20));
		assertThat(this.client.calls).hasSize(1);
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		assertThat(a).isNotDone();
		// the next call comes after the shortest tick, for both waiters
		this.client.awaitCalls(2);
		this.client.calls.get(1).complete(CONFIRMED_ANSWER);
		assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(CONFIRMED);
		assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo(CONFIRMED);
		// the tick ran on the poller's own threads: CompletableFuture's default executor starts a thread per task
		// where the common pool has parallelism 1 (2 CPUs)
		assertThat(this.client.threads.get(1)).startsWith("tglogin-status-poll-");
	}

	@Test
	void atTheLimitOfCallsInFlightAPollGetsTheLastAnswerOrIsRefusedAndItsLoginWaitsItsTurn() throws Exception {
		this.poller.setMaxConcurrentCalls(1);
		this.poller.poll("sess_1");
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		this.poller.poll("sess_2");
		assertThat(this.client.calls).hasSize(2);
		this.now.addAndGet(Duration.ofSeconds(5).toNanos());
		// sess_2's call holds the only place: sess_1 gets its last answer, however old; sess_3 has none
		assertThat(this.poller.poll("sess_1").get()).isEqualTo(PENDING);
		assertFailed(this.poller.poll("sess_3").join(), UpstreamRateLimitedException.class);
		assertThat(this.client.calls).hasSize(2);
		// both wait in turn: the call that ends starts the oldest waiting login's check
		this.client.calls.get(1).complete(BondifyStatus.PENDING);
		this.client.awaitCalls(3);
		assertThat(this.client.tokens).containsExactly("sess_1", "sess_2", "sess_1");
		// a failed call gives its place back too, to the next one waiting
		this.client.calls.get(2).completeExceptionally(new java.io.IOException("down"));
		this.client.awaitCalls(4);
		assertThat(this.client.tokens.get(3)).isEqualTo("sess_3");
		this.client.calls.get(3).complete(CONFIRMED_ANSWER);
		// sess_3's next poll gets what the check made for it answered, without a call of its own
		assertThat(this.poller.poll("sess_3").get()).isEqualTo(CONFIRMED);
		// with nobody waiting, a poll calls at once
		this.poller.poll("sess_4");
		assertThat(this.client.tokens).hasSize(5).last().isEqualTo("sess_4");
	}

	@Test
	void atTheLimitOfCallsInFlightALongPollIsCheckedWhenAPlaceIsFree() throws Exception {
		BondifyStatusPoller fast = poller(Duration.ZERO);
		fast.setNanoTime(System::nanoTime);
		fast.setMaxConcurrentCalls(1);
		fast.poll("sess_busy");
		CompletableFuture<BondifyLoginState> waiter = fast.await("sess_1", Duration.ofSeconds(20));
		assertThat(this.client.calls).hasSize(1);
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		this.client.awaitCalls(2);
		assertThat(this.client.tokens.get(1)).isEqualTo("sess_1");
		this.client.calls.get(1).complete(CONFIRMED_ANSWER);
		assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo(CONFIRMED);
	}

	@Test
	void aWaitEndsWithPendingWhenNothingChanges() throws Exception {
		CompletableFuture<BondifyLoginState> waiter = this.poller.await("sess_1", Duration.ofMillis(200));
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo(PENDING);
	}

	@Test
	void aSignalWakesTheWaitersOfItsLoginOnly() throws Exception {
		CompletableFuture<BondifyLoginState> one = this.poller.await("sess_1", Duration.ofSeconds(20));
		CompletableFuture<BondifyLoginState> two = this.poller.await("sess_2", Duration.ofSeconds(20));
		this.client.calls.forEach((call) -> call.complete(BondifyStatus.PENDING));
		this.poller.signal(new BondifyWebhookEvent(false, "sess_1", null, null, null, null));
		assertThat(one.get(5, TimeUnit.SECONDS)).isEqualTo(BondifyLoginState.CANCELLED);
		assertThat(two).isNotDone();
		// the state is kept: the next poll needs neither the store nor Bondify
		assertThat(this.poller.poll("sess_1").get()).isEqualTo(BondifyLoginState.CANCELLED);
		assertThat(this.client.calls).hasSize(2);
	}

	@Test
	void aRecordedWebhookOutcomeWakesWaitersInsteadOfAnUpstreamCall() throws Exception {
		BondifyStatusPoller fast = poller(Duration.ZERO);
		fast.setNanoTime(System::nanoTime);
		InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();
		fast.setWebhookOutcomes(new BondifyWebhookOutcomes(store));
		CompletableFuture<BondifyLoginState> waiter = fast.await("sess_1", Duration.ofSeconds(20));
		BondifyWebhookEvent event = new BondifyWebhookEvent(true, "sess_1", "42", "Ann", null, null);
		// recorded by another instance: no in-JVM wake-up, found by the long-poll's next read of the store
		new BondifyWebhookOutcomes(store).record(event, Instant.now().plusSeconds(600));
		assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo(new BondifyLoginState.ConfirmedByWebhook(event));
		assertThat(this.client.calls).as("webhook-first: Bondify is not asked within the fallback interval").isEmpty();
	}

	@Test
	void anUpstreamFailureIsGivenToTheWaiters() throws Exception {
		CompletableFuture<BondifyLoginState> waiter = this.poller.await("sess_1", Duration.ofSeconds(20));
		this.client.calls.get(0).completeExceptionally(new UpstreamTimeoutException("bondify", "slow", null));
		assertFailed(waiter.get(5, TimeUnit.SECONDS), UpstreamTimeoutException.class);
	}

	@Test
	void pollWhenAWebhookWasRecordedThenItsStateWithoutAnUpstreamCall() throws Exception {
		BondifyWebhookOutcomes outcomes = new BondifyWebhookOutcomes(new InMemoryTelegramLoginStore());
		this.poller.setWebhookOutcomes(outcomes);
		BondifyWebhookEvent event = new BondifyWebhookEvent(true, "sess_1", "42", "Ann", null, null);
		outcomes.record(event, Instant.now().plusSeconds(600));
		assertThat(this.poller.poll("sess_1").get()).isEqualTo(new BondifyLoginState.ConfirmedByWebhook(event));
		assertThat(this.client.calls).isEmpty();
	}

	@Test
	void currentWhenNoAnswerYetThenNullAndWhenFreshThenTheLastAnswerWithoutACall() {
		assertThat(this.poller.current("sess_1")).isNull();
		this.poller.poll("sess_1");
		assertThat(this.poller.current("sess_1")).as("the first call is in flight, no answer yet").isNull();
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		this.now.addAndGet(Duration.ofMillis(1999).toNanos());
		assertThat(this.poller.current("sess_1")).isEqualTo(PENDING);
		this.now.addAndGet(Duration.ofMillis(1).toNanos());
		assertThat(this.poller.current("sess_1")).as("stale, its background check on its way").isEqualTo(PENDING);
		this.now.addAndGet(BondifyStatusChecks.TICK_LATENESS_NANOS);
		assertThat(this.poller.current("sess_1")).as("stale, its background check late, no call in flight").isNull();
		assertThat(this.client.calls).hasSize(1);
	}

	@Test
	void currentWhenADecisiveAnswerIsKeptThenItWhateverItsAge() {
		this.poller.poll("sess_1");
		this.client.calls.get(0).complete(CONFIRMED_ANSWER);
		// longer than an idle login is kept: a confirmation waits for its browser (a throttled background tab)
		this.now.addAndGet(Duration.ofMinutes(5).toNanos());
		this.poller.poll("sess_other");
		assertThat(this.poller.current("sess_1")).isEqualTo(CONFIRMED);
	}

	@Test
	void currentWhenIntervalIsZeroThenOnlyDecisiveStates() {
		BondifyStatusPoller fast = poller(Duration.ZERO);
		fast.poll("sess_1");
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		assertThat(fast.current("sess_1")).isNull();
	}

	@Test
	void aLoginPolledRecentlyIsCheckedInTheBackgroundAndItsConfirmationKept() throws Exception {
		BondifyStatusPoller background = poller(Duration.ofMillis(300));
		background.setNanoTime(System::nanoTime);
		background.poll("sess_1");
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		assertThat(background.current("sess_1")).isEqualTo(PENDING);
		// no request waits: the next check is the background's, one interval after the last
		this.client.awaitCalls(2);
		assertThat(this.client.threads.get(1)).startsWith("tglogin-status-poll-");
		InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();
		background.setConfirmations(new BondifyWebhookOutcomes(store));
		this.client.calls.get(1).complete(CONFIRMED_ANSWER);
		assertThat(background.current("sess_1")).isEqualTo(CONFIRMED);
		assertThat(new BondifyWebhookOutcomes(store).isMarkedConfirmed("sess_1"))
			.as("marked at once for the other instances").isTrue();
	}

	@Test
	void atTheLimitOfCallsInFlightEveryWaitingLoginIsCheckedWhileCallsEndOnOtherThreads() throws Exception {
		ExecutorService answers = Executors.newFixedThreadPool(2);
		ExecutorService browsers = Executors.newFixedThreadPool(4);
		try {
			Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();
			// pending at the first check, confirmed at the second, answered on another thread
			BondifyClient upstream = StatusOnlyBondifyClient.answering((token) -> {
				int check = checks.computeIfAbsent(token, (key) -> new AtomicInteger()).incrementAndGet();
				return CompletableFuture.supplyAsync(() -> (check == 1) ? BondifyStatus.PENDING : CONFIRMED_ANSWER,
						CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS, answers));
			});
			BondifyStatusPoller busy = new BondifyStatusPoller(upstream, Duration.ZERO);
			busy.setMaxConcurrentCalls(3);
			List<CompletableFuture<CompletableFuture<BondifyLoginState>>> waits = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String token = "sess_" + i;
				waits.add(CompletableFuture.supplyAsync(() -> busy.await(token, Duration.ofSeconds(30)), browsers));
			}
			for (CompletableFuture<CompletableFuture<BondifyLoginState>> wait : waits) {
				assertThat(wait.get(20, TimeUnit.SECONDS).get(20, TimeUnit.SECONDS)).isEqualTo(CONFIRMED);
			}
			assertThat(checks).hasSize(200).allSatisfy((token, count) -> assertThat(count).hasValue(2));
		}
		finally {
			answers.shutdownNow();
			browsers.shutdownNow();
		}
	}

	private static void assertFailed(BondifyLoginState state, Class<? extends UpstreamException> failure) {
		assertThat(state).isInstanceOfSatisfying(BondifyLoginState.Failed.class,
				(failed) -> assertThat(failed.failure()).isInstanceOf(failure));
	}

}
