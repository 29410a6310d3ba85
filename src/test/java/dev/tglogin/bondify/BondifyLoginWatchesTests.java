package dev.tglogin.bondify;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BondifyLoginWatches}.
 */
class BondifyLoginWatchesTests {

	private final BondifyLoginWatches watches = new BondifyLoginWatches();

	@Test
	void getWhenCalledTwiceThenTheSameWatchAndFindSeesIt() {
		BondifyLoginWatches.Watch watch = this.watches.get("sess_1", 0);
		assertThat(this.watches.get("sess_1", 1)).isSameAs(watch);
		assertThat(this.watches.find("sess_1")).isSameAs(watch);
		assertThat(this.watches.find("sess_2")).isNull();
	}

	@Test
	void getWhenALoginWasIdleForAMinuteThenItsWatchIsDroppedButAKeptConfirmationStays() {
		this.watches.get("sess_idle", 0);
		BondifyLoginWatches.Watch confirmed = this.watches.get("sess_confirmed", 0);
		confirmed.decisive = new BondifyLoginState.Confirmed("jwt");
		this.watches.get("sess_other", Duration.ofSeconds(61).toNanos());
		assertThat(this.watches.find("sess_idle")).isNull();
		assertThat(this.watches.find("sess_confirmed")).isSameAs(confirmed);
		this.watches.get("sess_other", Duration.ofMinutes(11).toNanos());
		assertThat(this.watches.find("sess_confirmed")).isNull();
	}

	@Test
	void wakeWhenWaitersThenEachCompletedOnceAndNoneLeft() {
		BondifyLoginWatches.Watch watch = this.watches.get("sess_1", 0);
		CompletableFuture<BondifyLoginState> waiter = new CompletableFuture<>();
		CompletableFuture<BondifyLoginState> other = new CompletableFuture<>();
		synchronized (watch) {
			watch.addWaiter(waiter);
			watch.addWaiter(other);
		}
		watch.wake(BondifyLoginState.CANCELLED);
		assertThat(waiter).isCompletedWithValue(BondifyLoginState.CANCELLED);
		assertThat(other).isCompletedWithValue(BondifyLoginState.CANCELLED);
		synchronized (watch) {
			assertThat(watch.hasWaiters()).isFalse();
		}
		watch.wake(BondifyLoginState.EXPIRED);
		assertThat(waiter).isCompletedWithValue(BondifyLoginState.CANCELLED);
	}

	@Test
	void removeWaiterWhenTheLastEndsThenNoneWaits() {
		BondifyLoginWatches.Watch watch = this.watches.get("sess_1", 0);
		CompletableFuture<BondifyLoginState> first = new CompletableFuture<>();
		CompletableFuture<BondifyLoginState> second = new CompletableFuture<>();
		synchronized (watch) {
			assertThat(watch.hasWaiters()).isFalse();
			watch.addWaiter(first);
			watch.addWaiter(second);
			watch.removeWaiter(first);
			assertThat(watch.hasWaiters()).isTrue();
			watch.removeWaiter(first);
			assertThat(watch.hasWaiters()).isTrue();
			watch.removeWaiter(second);
			assertThat(watch.hasWaiters()).isFalse();
		}
		watch.wake(BondifyLoginState.CANCELLED);
		assertThat(first).isNotDone();
		assertThat(second).isNotDone();
	}

}
