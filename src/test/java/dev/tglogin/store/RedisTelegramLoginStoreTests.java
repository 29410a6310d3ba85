package dev.tglogin.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.tglogin.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The Redis store against the Redis server on 127.0.0.1:6379 (skipped with a message when it is not running): atomic
 * single use, fixed-window counters, outcomes, the expiry Redis is given, key namespaces, under concurrency.
 */
class RedisTelegramLoginStoreTests {

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

	private final String prefix = "tglogin-test:" + UUID.randomUUID() + ":";

	private RedisTelegramLoginStore store;

	@BeforeAll
	static void connect() {
		connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		redis = new StringRedisTemplate(connectionFactory);
		try {
			redis.execute((org.springframework.data.redis.connection.RedisConnection connection) -> connection.ping());
		}
		catch (RuntimeException ex) {
			connectionFactory.destroy();
			Assumptions.abort("Redis is not running on 127.0.0.1:6379 (" + ex.getMessage() + ")");
		}
	}

	@AfterAll
	static void disconnect() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
	}

	@BeforeEach
	void createStore() {
		this.store = new RedisTelegramLoginStore(redis);
		this.store.setKeyPrefix(this.prefix);
		this.store.setClock(this.clock);
	}

	@Test
	void useOnceWhenFirstThenTrueAndAfterwardsFalse() {
		assertThat(this.store.useOnce("a", this.clock.instant().plusSeconds(60))).isTrue();
		assertThat(this.store.useOnce("a", this.clock.instant().plusSeconds(60))).isFalse();
		assertThat(this.store.useOnce("b", this.clock.instant().plusSeconds(60))).isTrue();
	}

	@Test
	void useOnceWhenRecordedThenRedisExpiresItAtTheGivenInstant() {
		this.store.useOnce("a", this.clock.instant().plusSeconds(60));

		Long ttl = redis.getExpire(this.prefix + "used:a", TimeUnit.MILLISECONDS);
		assertThat(ttl).isBetween(50_000L, 60_000L);
	}

	@Test
	void useOnceWhenTheInstantHasPassedThenTheRecordLivesOneMillisecondAndTheKeyCanBeUsedAgain()
			throws InterruptedException {
		assertThat(this.store.useOnce("a", this.clock.instant().minusSeconds(5))).isTrue();
		Thread.sleep(20);

		assertThat(this.store.useOnce("a", this.clock.instant().plusSeconds(60))).isTrue();
	}

	@Test
	void tryLeaseWhenHeldThenRefusedAndRedisEndsItAtTheGivenInstant() {
		assertThat(this.store.tryLease("l", this.clock.instant().plusSeconds(15))).isTrue();
		assertThat(this.store.tryLease("l", this.clock.instant().plusSeconds(15))).isFalse();

		assertThat(redis.getExpire(this.prefix + "lease:l", TimeUnit.MILLISECONDS)).isBetween(10_000L, 15_000L);
		// a lease is not a single-use record of the same key
		assertThat(this.store.useOnce("l", this.clock.instant().plusSeconds(60))).isTrue();
	}

	@Test
	void tryLeaseWhenItHasEndedThenTakenAgain() throws InterruptedException {
		assertThat(this.store.tryLease("l", this.clock.instant().plusMillis(20))).isTrue();
		Thread.sleep(60);

		assertThat(this.store.tryLease("l", this.clock.instant().plusSeconds(15))).isTrue();
	}

	@Test
	void tryLeaseWhenManyThreadsRaceForOneLoginThenExactlyOneGetsIt() throws Exception {
		List<Boolean> results = race(32, () -> this.store.tryLease("race", this.clock.instant().plusSeconds(15)));

		assertThat(results).containsOnlyOnce(true);
	}

	@Test
	void releaseWhenUsedThenTheKeyCanBeUsedAgain() {
		this.store.useOnce("a", this.clock.instant().plusSeconds(60));

		this.store.release("a");

		assertThat(this.store.useOnce("a", this.clock.instant().plusSeconds(60))).isTrue();
	}

	@Test
	void incrementWhenRepeatedThenCountsInOneWindowThatLaterIncrementsDoNotExtend() {
		assertThat(this.store.increment("c", this.clock.instant().plusSeconds(60))).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.store.increment("c", this.clock.instant().plusSeconds(600))).isEqualTo(2);

		Long ttl = redis.getExpire(this.prefix + "count:c", TimeUnit.MILLISECONDS);
		assertThat(ttl).isBetween(50_000L, 60_000L);
	}

	@Test
	void decrementWhenCountingThenTakesOneBackAndNeverGoesBelowZero() {
		this.store.increment("c", this.clock.instant().plusSeconds(60));
		this.store.increment("c", this.clock.instant().plusSeconds(60));

		this.store.decrement("c");
		this.store.decrement("c");
		this.store.decrement("c");

		assertThat(redis.opsForValue().get(this.prefix + "count:c")).isEqualTo("0");
		assertThat(redis.getExpire(this.prefix + "count:c", TimeUnit.MILLISECONDS)).isPositive();
		assertThat(this.store.increment("c", this.clock.instant().plusSeconds(60))).isEqualTo(1);
	}

	@Test
	void decrementWhenNoCounterThenCreatesNone() {
		this.store.decrement("absent");

		assertThat(redis.hasKey(this.prefix + "count:absent")).isFalse();
	}

	@Test
	void putOutcomeWhenRepeatedThenTheLastValueIsFoundUntilItExpires() {
		assertThat(this.store.findOutcome("o")).isNull();

		this.store.putOutcome("o", "auth.cancelled", this.clock.instant().plusSeconds(60));
		this.store.putOutcome("o", "auth.confirmed", this.clock.instant().plusSeconds(60));

		assertThat(this.store.findOutcome("o")).isEqualTo("auth.confirmed");
		assertThat(redis.getExpire(this.prefix + "outcome:o", TimeUnit.MILLISECONDS)).isBetween(50_000L, 60_000L);
	}

	@Test
	void storeWhenTheSameKeyIsUsedForEachKindThenTheyDoNotMeet() {
		this.store.putOutcome("k", "auth.confirmed", this.clock.instant().plusSeconds(60));

		assertThat(this.store.useOnce("k", this.clock.instant().plusSeconds(60))).isTrue();
		assertThat(this.store.increment("k", this.clock.instant().plusSeconds(60))).isEqualTo(1);
		assertThat(this.store.findOutcome("k")).isEqualTo("auth.confirmed");
	}

	@Test
	void useOnceWhenManyThreadsRaceForOneKeyThenExactlyOneWins() throws Exception {
		List<Boolean> results = race(32, () -> this.store.useOnce("race", this.clock.instant().plusSeconds(60)));

		assertThat(results).containsOnlyOnce(true);
	}

	@Test
	void incrementWhenManyThreadsCountThenNoIncrementIsLost() throws Exception {
		List<Long> results = race(32, () -> this.store.increment("race", this.clock.instant().plusSeconds(60)));

		assertThat(results).doesNotHaveDuplicates().hasSize(32);
		assertThat(redis.opsForValue().get(this.prefix + "count:race")).isEqualTo("32");
	}

	@Test
	void constructorWhenNullThenIllegalArgument() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisTelegramLoginStore((StringRedisTemplate) null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.useOnce("", Instant.now()));
	}

	private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(10, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
