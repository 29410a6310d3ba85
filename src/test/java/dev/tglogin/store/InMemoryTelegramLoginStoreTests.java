package dev.tglogin.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link InMemoryTelegramLoginStore}.
 */
class InMemoryTelegramLoginStoreTests {

	private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

	private final SettableClock clock = new SettableClock(START);

	private final InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();

	private ExecutorService pool;

	@BeforeEach
	void setUp() {
		this.store.setClock(this.clock);
	}

	@AfterEach
	void tearDown() {
		if (this.pool != null) {
			this.pool.shutdownNow();
		}
	}

	@Test
	void useOnceWhenFirstUseThenTrueAndSecondUseFalse() {
		Instant expiresAt = START.plus(Duration.ofMinutes(5));
		assertThat(this.store.useOnce("bondify-session:abc", expiresAt)).isTrue();
		assertThat(this.store.useOnce("bondify-session:abc", expiresAt)).isFalse();
		assertThat(this.store.useOnce("bondify-session:abc", expiresAt.plusSeconds(600))).isFalse();
	}

	@Test
	void tryLeaseWhenHeldThenRefusedUntilItEndsThenTakenAgain() {
		assertThat(this.store.tryLease("bondify-check:abc", START.plusSeconds(15))).isTrue();
		assertThat(this.store.tryLease("bondify-check:abc", START.plusSeconds(15))).isFalse();
		assertThat(this.store.tryLease("bondify-check:other", START.plusSeconds(15))).isTrue();
		this.clock.set(START.plusSeconds(16));
		assertThat(this.store.tryLease("bondify-check:abc", START.plusSeconds(31))).isTrue();
		assertThat(this.store.tryLease("bondify-check:abc", START.plusSeconds(31))).isFalse();
	}

	@Test
	void releaseWhenUsedThenTheKeyCanBeUsedOnceMoreAndOtherKeysStay() {
		Instant expiresAt = START.plus(Duration.ofMinutes(5));
		this.store.useOnce("ns:a", expiresAt);
		this.store.useOnce("ns:b", expiresAt);
		this.store.release("ns:a");
		this.store.release("ns:absent");
		assertThat(this.store.useOnce("ns:a", expiresAt)).isTrue();
		assertThat(this.store.useOnce("ns:a", expiresAt)).isFalse();
		assertThat(this.store.useOnce("ns:b", expiresAt)).isFalse();
	}

	@Test
	void useOnceWhenOtherKeyThenIndependent() {
		Instant expiresAt = START.plus(Duration.ofMinutes(5));
		assertThat(this.store.useOnce("ns:a", expiresAt)).isTrue();
		assertThat(this.store.useOnce("ns:b", expiresAt)).isTrue();
		assertThat(this.store.useOnce("other:a", expiresAt)).isTrue();
		assertThat(this.store.useOnce("ns:a", expiresAt)).isFalse();
	}

	@Test
	void useOnceWhenStillLiveAtExpiryInstantThenFalse() {
		Instant expiresAt = START.plus(Duration.ofMinutes(5));
		this.store.useOnce("ns:a", expiresAt);
		this.clock.set(expiresAt);
		assertThat(this.store.useOnce("ns:a", expiresAt.plusSeconds(60))).isFalse();
	}

	@Test
	void useOnceWhenRecordExpiredThenTrueAgain() {
		Instant expiresAt = START.plus(Duration.ofMinutes(5));
		assertThat(this.store.useOnce("ns:a", expiresAt)).isTrue();
		this.clock.set(expiresAt.plusMillis(1));
		assertThat(this.store.useOnce("ns:a", expiresAt.plus(Duration.ofMinutes(5)))).isTrue();
		assertThat(this.store.useOnce("ns:a", expiresAt.plus(Duration.ofMinutes(5)))).isFalse();
	}

	@Test
	void useOnceWhenReusedAfterExpiryThenNewExpiryKept() {
		Instant first = START.plusSeconds(10);
		this.store.useOnce("ns:a", first);
		this.clock.set(first.plusSeconds(1));
		Instant second = first.plusSeconds(100);
		this.store.useOnce("ns:a", second);
		this.clock.set(second.minusSeconds(1));
		assertThat(this.store.useOnce("ns:a", second)).isFalse();
		this.clock.set(second.plusSeconds(1));
		assertThat(this.store.useOnce("ns:a", second)).isTrue();
	}

	@Test
	void useOnceWhenSixteenThreadsRaceOnOneKeyThenExactlyOneWins() throws Exception {
		int threads = 16;
		this.pool = Executors.newFixedThreadPool(threads);
		Instant expiresAt = START.plus(Duration.ofMinutes(5));
		for (int round = 0; round < 200; round++) {
			String key = "bondify-session:race-" + round;
			CyclicBarrier barrier = new CyclicBarrier(threads);
			AtomicInteger winners = new AtomicInteger();
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(this.pool.submit(() -> {
					barrier.await(5, TimeUnit.SECONDS);
					if (this.store.useOnce(key, expiresAt)) {
						winners.incrementAndGet();
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(10, TimeUnit.SECONDS);
			}
			assertThat(winners.get()).as("winners in round %d", round).isEqualTo(1);
		}
	}

	@Test
	void useOnceWhenManyThreadsWriteManyKeysThenEachKeyWonOnce() throws Exception {
		int threads = 16;
		int keys = 2000;
		this.pool = Executors.newFixedThreadPool(threads);
		Instant expiresAt = START.plus(Duration.ofMinutes(5));
		AtomicInteger winners = new AtomicInteger();
		CountDownLatch go = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			futures.add(this.pool.submit(() -> {
				go.await();
				for (int k = 0; k < keys; k++) {
					if (this.store.useOnce("ns:" + k, expiresAt)) {
						winners.incrementAndGet();
					}
				}
				return null;
			}));
		}
		go.countDown();
		for (Future<?> future : futures) {
			future.get(30, TimeUnit.SECONDS);
		}
		assertThat(winners.get()).isEqualTo(keys);
		assertThat(this.store.size()).isEqualTo(keys);
	}

	@Test
	void useOnceWhenManyRecordsExpireThenSweepBoundsSize() {
		Duration lifetime = Duration.ofSeconds(60);
		for (int i = 0; i < 20_000; i++) {
			this.clock.advance(Duration.ofSeconds(1));
			this.store.useOnce("ns:" + i, this.clock.instant().plus(lifetime));
			// live records: at most 60; swept every 1024 writes
			assertThat(this.store.size()).isLessThanOrEqualTo(1024 + 61);
		}
		assertThat(this.store.size()).isLessThan(20_000);
	}

	@Test
	void useOnceWhenWrittenAlreadyExpiredThenSweptAway() {
		for (int i = 0; i < 1024 * 4; i++) {
			this.store.useOnce("ns:" + i, START.minusSeconds(1));
		}
		assertThat(this.store.size()).isLessThanOrEqualTo(1024);
	}

	@Test
	void useOnceWhenSweepRunsThenLiveRecordsKept() {
		Instant longLived = START.plus(Duration.ofHours(1));
		this.store.useOnce("ns:keep", longLived);
		for (int i = 0; i < 3000; i++) {
			this.store.useOnce("ns:dead-" + i, START.minusSeconds(1));
		}
		assertThat(this.store.useOnce("ns:keep", longLived)).isFalse();
	}

	@Test
	void useOnceWhenKeyEmptyOrExpiryNullThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.useOnce("", START));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.useOnce(null, START));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.useOnce("ns:a", null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.setClock(null));
	}

	/** A clock the test moves by hand. */
	static final class SettableClock extends Clock {

		private volatile Instant now;

		SettableClock(Instant now) {
			this.now = now;
		}

		void set(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	@org.junit.jupiter.api.Test
	void outcomeWhenPutThenFoundUntilExpiry() {
		dev.tglogin.test.MutableClock clock = new dev.tglogin.test.MutableClock(java.time.Instant.parse("2026-11-22T10:00:00Z"));
		InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();
		store.setClock(clock);
		store.putOutcome("k", "v1", clock.instant().plusSeconds(10));
		store.putOutcome("k", "v2", clock.instant().plusSeconds(10));
		org.assertj.core.api.Assertions.assertThat(store.findOutcome("k")).isEqualTo("v2");
		clock.advance(java.time.Duration.ofSeconds(11));
		org.assertj.core.api.Assertions.assertThat(store.findOutcome("k")).isNull();
		org.assertj.core.api.Assertions.assertThat(store.findOutcome("other")).isNull();
	}

}
