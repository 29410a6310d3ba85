package dev.tglogin.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PendingLoginLock}.
 */
class PendingLoginLockTests {

	private static final String TOKEN = "sess_lock_test";

	private final PendingLoginLock lock = new PendingLoginLock();

	@Test
	void tryLockWhenFreeThenTurnWithNoRecord() throws Exception {
		try (PendingLoginLock.Turn turn = this.lock.tryLock(TOKEN)) {
			assertThat(turn).isNotNull();
			assertThat(turn.completed()).isNull();
		}
	}

	@Test
	void tryLockWhenAnotherRequestCompletedMeanwhileThenItsRecord() throws Exception {
		CompletedLogin.Authenticated done = new CompletedLogin.Authenticated(
				new TestingAuthenticationToken("ann", null, List.of()));
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
			try (PendingLoginLock.Turn turn = this.lock.tryLock(TOKEN)) {
				holding.countDown();
				release.await(5, TimeUnit.SECONDS);
				turn.complete(done);
				turn.complete(new CompletedLogin.Ended("used"));
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		holding.await(5, TimeUnit.SECONDS);
		CompletableFuture<CompletedLogin> second = CompletableFuture.supplyAsync(() -> {
			try (PendingLoginLock.Turn turn = this.lock.tryLock(TOKEN)) {
				return turn.completed();
			}
		});
		assertThat(second).isNotDone();
		release.countDown();
		first.get(5, TimeUnit.SECONDS);
		assertThat(second.get(5, TimeUnit.SECONDS)).as("the first record stays").isEqualTo(done);
	}

	@Test
	void tryLockWhenOtherLoginLockedThenNotBlocked() throws Exception {
		try (PendingLoginLock.Turn turn = this.lock.tryLock(TOKEN)) {
			CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> {
				try (PendingLoginLock.Turn mine = this.lock.tryLock("sess_other")) {
					return mine != null && mine.completed() == null;
				}
			});
			assertThat(other.get(5, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void tryLockWhenTurnDoesNotComeWithinTheTimeoutThenNull() throws Exception {
		this.lock.setTimeout(Duration.ofMillis(50));
		try (PendingLoginLock.Turn turn = this.lock.tryLock(TOKEN)) {
			CompletableFuture<PendingLoginLock.Turn> late = CompletableFuture.supplyAsync(() -> this.lock.tryLock(TOKEN));
			assertThat(late.get(5, TimeUnit.SECONDS)).isNull();
		}
	}

	@Test
	void tryLockWhenIdleLongerThanKeptThenRecordDropped() throws Exception {
		AtomicLong now = new AtomicLong(1_000L);
		this.lock.setNanoTime(now::get);
		try (PendingLoginLock.Turn turn = this.lock.tryLock(TOKEN)) {
			turn.complete(new CompletedLogin.Ended("cancelled"));
		}
		now.addAndGet(Duration.ofSeconds(90).toNanos());
		try (PendingLoginLock.Turn turn = this.lock.tryLock(TOKEN)) {
			assertThat(turn.completed()).as("kept within " + PendingLoginLock.KEEP)
				.isEqualTo(new CompletedLogin.Ended("cancelled"));
		}
		now.addAndGet(PendingLoginLock.KEEP.plusSeconds(1).toNanos());
		try (PendingLoginLock.Turn turn = this.lock.tryLock("sess_another")) {
			assertThat(this.lock.size()).isEqualTo(1);
		}
		try (PendingLoginLock.Turn turn = this.lock.tryLock(TOKEN)) {
			assertThat(turn.completed()).isNull();
		}
	}

	@Test
	void closeWhenCalledTwiceThenUnlockedOnce() throws Exception {
		PendingLoginLock.Turn turn = this.lock.tryLock(TOKEN);
		turn.close();
		turn.close();
		try (PendingLoginLock.Turn again = this.lock.tryLock(TOKEN)) {
			assertThat(again).isNotNull();
		}
	}

	@Test
	void tryLockWhenInterruptedWhileWaitingThenNullAndTheFlagSetAgain() throws Exception {
		try (PendingLoginLock.Turn turn = this.lock.tryLock(TOKEN)) {
			Thread.currentThread().interrupt();
			CompletableFuture<Boolean> interrupted = CompletableFuture.supplyAsync(() -> {
				Thread.currentThread().interrupt();
				PendingLoginLock.Turn none = this.lock.tryLock(TOKEN);
				return none == null && Thread.interrupted();
			});
			Thread.interrupted();
			assertThat(interrupted.get(5, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void setTimeoutWhenNotPositiveThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.lock.setTimeout(Duration.ZERO));
	}

}
