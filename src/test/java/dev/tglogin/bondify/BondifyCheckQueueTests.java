package dev.tglogin.bondify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.tglogin.bondify.BondifyLoginWatches.Watch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BondifyCheckQueue}: its order, its one place per login and when serving it stops. The checks it
 * starts are the test's ({@code start}); the places are those of real {@link BondifyStatusCalls} held by calls the
 * test completes.
 */
class BondifyCheckQueueTests {

	private final ManualBondifyClient client = new ManualBondifyClient();

	private final BondifyStatusCalls calls = new BondifyStatusCalls(this.client);

	private final BondifyLoginWatches watches = new BondifyLoginWatches();

	private final CoalescingTimer timer = new CoalescingTimer(() -> Runnable::run);

	/** The logins the queue asked to start, in order, with whether the test's start found them a place. */
	private final List<String> started = new CopyOnWriteArrayList<>();

	@Test
	void serveWhenPlacesAreFreeThenTheLoginsInTheOrderTheyCameEachOnce() {
		BondifyCheckQueue queue = queue(takePlace());
		Watch a = watch("a");
		Watch b = watch("b");
		add(queue, a);
		add(queue, b);
		add(queue, a);
		assertThat(a.queued).isTrue();
		queue.serve();
		assertThat(this.started).containsExactly("a", "b");
		assertThat(queue.isEmpty()).isTrue();
		assertThat(a.queued).isFalse();
		assertThat(b.queued).isFalse();
	}

	@Test
	void serveWhenNoPlaceIsFreeThenNoLoginIsTakenOut() {
		this.calls.setMaxCalls(1);
		BondifyCheckQueue queue = queue(takePlace());
		this.calls.start("other");
		add(queue, watch("a"));
		queue.serve();
		assertThat(this.started).isEmpty();
		assertThat(queue.isEmpty()).isFalse();
		this.client.calls.get(0).complete(BondifyStatus.PENDING);
		queue.serve();
		assertThat(this.started).containsExactly("a");
	}

	@Test
	void serveWhenTheLastPlaceIsTakenMeanwhileThenTheLoginGoesBackToTheHeadAndServingStops() {
		this.calls.setMaxCalls(3);
		List<Boolean> answers = new ArrayList<>(List.of(true, false, true, true));
		BondifyCheckQueue queue = queue((watch) -> answers.remove(0) && this.calls.start(watch.sessionToken) != null);
		Watch a = watch("a");
		Watch b = watch("b");
		Watch c = watch("c");
		add(queue, a);
		add(queue, b);
		add(queue, c);
		queue.serve();
		assertThat(this.started).containsExactly("a", "b");
		assertThat(b.queued).isTrue();
		queue.serve();
		assertThat(this.started).containsExactly("a", "b", "b", "c");
		assertThat(queue.isEmpty()).isTrue();
	}

	@Test
	void serveWhileAPollHoldsTheLoginsLockThenTheLoginStaysInTheQueueUntilTheServerHoldsItsLock() throws Exception {
		BondifyCheckQueue queue = queue(takePlace());
		Watch a = watch("a");
		add(queue, a);
		Thread server;
		synchronized (a) {
			server = new Thread(queue::serve, "serving");
			server.start();
			awaitBlocked(server);
			// what a poll of the login sees under its lock: queued, no check started, so not taken out by another
			// thread that is about to start it (it would then have to wait for that thread, not answer 429)
			assertThat(queue.isEmpty()).isFalse();
			assertThat(a.queued).isTrue();
			assertThat(this.started).isEmpty();
		}
		server.join(5000);
		assertThat(this.started).containsExactly("a");
		assertThat(queue.isEmpty()).isTrue();
	}

	@Test
	void serveWhenAnotherThreadTookTheHeadMeanwhileThenTheNextLogin() throws Exception {
		BondifyCheckQueue queue = queue(takePlace());
		Watch a = watch("a");
		Watch b = watch("b");
		add(queue, a);
		add(queue, b);
		Thread server;
		synchronized (a) {
			server = new Thread(queue::serve, "serving");
			server.start();
			awaitBlocked(server);
			// this thread, holding a's lock, serves the queue itself, as another server that got the lock first would
			queue.serve();
		}
		server.join(5000);
		assertThat(this.started).containsExactlyInAnyOrder("a", "b");
		assertThat(this.started).filteredOn("a"::equals).hasSize(1);
		assertThat(queue.isEmpty()).isTrue();
	}

	@Test
	void serveLaterWhenCallsEndThenTheQueueIsServedAtTheTimersNextSlotAndAgainForTheNextOnes()
			throws InterruptedException {
		BondifyCheckQueue queue = queue(takePlace());
		add(queue, watch("a"));
		add(queue, watch("b"));
		queue.serveLater();
		queue.serveLater();
		awaitStarted(2);
		assertThat(this.started).containsExactly("a", "b");
		add(queue, watch("c"));
		queue.serveLater();
		awaitStarted(3);
		assertThat(this.started).containsExactly("a", "b", "c");
		assertThat(queue.isEmpty()).isTrue();
	}

	private static void awaitBlocked(Thread thread) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (thread.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
			Thread.sleep(1);
		}
		assertThat(thread.getState()).isEqualTo(Thread.State.BLOCKED);
	}

	private void awaitStarted(int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (this.started.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
	}

	private BondifyCheckQueue queue(Predicate<Watch> start) {
		return new BondifyCheckQueue(this.calls, this.timer, (watch) -> {
			assertThat(Thread.holdsLock(watch)).isTrue();
			this.started.add(watch.sessionToken);
			return start.test(watch);
		});
	}

	/** A start that takes a place among the calls, as a check does. */
	private Predicate<Watch> takePlace() {
		return (watch) -> {
			CompletableFuture<BondifyLoginState> call = this.calls.start(watch.sessionToken);
			return call != null;
		};
	}

	private Watch watch(String token) {
		return this.watches.get(token, 0);
	}

	private static void add(BondifyCheckQueue queue, Watch watch) {
		synchronized (watch) {
			queue.add(watch);
		}
	}

}
