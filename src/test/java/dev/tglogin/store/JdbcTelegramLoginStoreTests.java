package dev.tglogin.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tglogin.test.MutableClock;
import dev.tglogin.test.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDBC store on H2 (always) and PostgreSQL (127.0.0.1:5432, database {@code test}, user {@code postgres}, trust
 * authentication; skipped with a message when it is not running): atomic single use, fixed-window counters, expiry and
 * cleanup, under concurrency.
 */
class JdbcTelegramLoginStoreTests {

	static Stream<Arguments> databases() {
		return TestDatabases.h2AndPostgresql("tglogin");
	}

	private static JdbcTelegramLoginStore store(String name, DataSource dataSource, MutableClock clock) {
		TestDatabases.assumeRunning(name, dataSource);
		JdbcTelegramLoginStore store = new JdbcTelegramLoginStore(dataSource);
		store.setClock(clock);
		store.createSchema();
		store.createSchema(); // idempotent
		return store;
	}

	private static String key() {
		return "test:" + UUID.randomUUID();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void useOnceWhenFirstThenTrueAndAfterwardsFalseUntilExpiry(String name, DataSource dataSource) {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
		JdbcTelegramLoginStore store = store(name, dataSource, clock);
		String key = key();

		assertThat(store.useOnce(key, clock.instant().plusSeconds(60))).isTrue();
		assertThat(store.useOnce(key, clock.instant().plusSeconds(60))).isFalse();
		clock.advance(Duration.ofSeconds(59));
		assertThat(store.useOnce(key, clock.instant().plusSeconds(60))).isFalse();
		clock.advance(Duration.ofSeconds(2));
		assertThat(store.useOnce(key, clock.instant().plusSeconds(60))).isTrue();
		assertThat(store.useOnce(key, clock.instant().plusSeconds(60))).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void tryLeaseWhenHeldThenRefusedUntilItEndsThenTakenAgain(String name, DataSource dataSource) {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
		JdbcTelegramLoginStore store = store(name, dataSource, clock);
		String key = "bondify-check:" + UUID.randomUUID();

		assertThat(store.tryLease(key, clock.instant().plusSeconds(15))).isTrue();
		assertThat(store.tryLease(key, clock.instant().plusSeconds(15))).isFalse();
		clock.advance(Duration.ofSeconds(14));
		assertThat(store.tryLease(key, clock.instant().plusSeconds(15))).isFalse();
		clock.advance(Duration.ofSeconds(2));
		assertThat(store.tryLease(key, clock.instant().plusSeconds(15))).isTrue();
		assertThat(store.tryLease(key, clock.instant().plusSeconds(15))).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void tryLeaseWhenTwoInstancesRaceForOneLoginThenExactlyOneGetsIt(String name, DataSource dataSource)
			throws Exception {
		MutableClock clock = new MutableClock(Instant.now());
		JdbcTelegramLoginStore instanceA = store(name, dataSource, clock);
		JdbcTelegramLoginStore instanceB = new JdbcTelegramLoginStore(dataSource);
		instanceB.setClock(clock);
		String key = "bondify-check:" + UUID.randomUUID();
		List<Callable<Boolean>> calls = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			JdbcTelegramLoginStore instance = (i % 2 == 0) ? instanceA : instanceB;
			calls.add(() -> instance.tryLease(key, clock.instant().plusSeconds(15)));
		}
		assertThat(runAll(calls).stream().filter(Boolean::booleanValue)).hasSize(1);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void releaseWhenUsedThenTheKeyCanBeUsedOnceMoreAndOtherKeysStay(String name, DataSource dataSource) {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
		JdbcTelegramLoginStore store = store(name, dataSource, clock);
		Instant expiresAt = clock.instant().plusSeconds(60);
		String a = "release-a-" + UUID.randomUUID();
		String b = "release-b-" + UUID.randomUUID();
		store.useOnce(a, expiresAt);
		store.useOnce(b, expiresAt);
		store.release(a);
		store.release("release-absent-" + UUID.randomUUID());
		assertThat(store.useOnce(a, expiresAt)).isTrue();
		assertThat(store.useOnce(a, expiresAt)).isFalse();
		assertThat(store.useOnce(b, expiresAt)).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void useOnceWhenManyThreadsRaceForOneKeyThenExactlyOneWins(String name, DataSource dataSource) throws Exception {
		MutableClock clock = new MutableClock(Instant.now());
		JdbcTelegramLoginStore store = store(name, dataSource, clock);
		String key = key();
		List<Callable<Boolean>> calls = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			calls.add(() -> store.useOnce(key, clock.instant().plusSeconds(60)));
		}
		assertThat(runAll(calls).stream().filter(Boolean::booleanValue)).hasSize(1);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void incrementWhenWindowRunsThenCountsAndStartsAgainAfterIt(String name, DataSource dataSource) {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
		JdbcTelegramLoginStore store = store(name, dataSource, clock);
		String key = key();
		Instant windowEnd = clock.instant().plusSeconds(60);

		assertThat(store.increment(key, windowEnd)).isEqualTo(1);
		assertThat(store.increment(key, windowEnd)).isEqualTo(2);
		clock.advance(Duration.ofSeconds(30));
		// a later increment does not extend the window
		assertThat(store.increment(key, clock.instant().plusSeconds(60))).isEqualTo(3);
		store.decrement(key);
		assertThat(store.increment(key, windowEnd)).isEqualTo(3);
		clock.advance(Duration.ofSeconds(31));
		assertThat(store.increment(key, clock.instant().plusSeconds(60))).isEqualTo(1);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void incrementWhenManyThreadsThenEveryIncrementCountsOnce(String name, DataSource dataSource) throws Exception {
		MutableClock clock = new MutableClock(Instant.now());
		JdbcTelegramLoginStore store = store(name, dataSource, clock);
		String key = key();
		List<Callable<Long>> calls = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			calls.add(() -> store.increment(key, clock.instant().plusSeconds(60)));
		}
		assertThat(runAll(calls)).containsExactlyInAnyOrderElementsOf(
				java.util.stream.LongStream.rangeClosed(1, 24).boxed().toList());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void decrementWhenCounterAbsentOrExpiredThenNothingHappens(String name, DataSource dataSource) {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
		JdbcTelegramLoginStore store = store(name, dataSource, clock);
		String key = key();
		store.decrement(key);
		assertThat(store.increment(key, clock.instant().plusSeconds(10))).isEqualTo(1);
		store.decrement(key);
		store.decrement(key);
		assertThat(store.increment(key, clock.instant().plusSeconds(10))).isEqualTo(1);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void cleanupWhenRowsExpiredThenTheyAreDeletedAndLiveOnesKept(String name, DataSource dataSource)
			throws SQLException {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
		JdbcTelegramLoginStore store = store(name, dataSource, clock);
		store.deleteExpired();
		String live = key();
		String dead = key();
		store.useOnce(dead, clock.instant().plusSeconds(5));
		store.increment(dead, clock.instant().plusSeconds(5));
		store.useOnce(live, clock.instant().plusSeconds(600));
		clock.advance(Duration.ofSeconds(10));

		assertThat(store.deleteExpired()).isGreaterThanOrEqualTo(2);
		assertThat(rows(dataSource, dead)).isZero();
		assertThat(rows(dataSource, live)).isEqualTo(1);
		assertThat(store.useOnce(live, clock.instant().plusSeconds(600))).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void outcomeWhenPutThenFoundUntilExpiryAndRepeatedDeliveriesReplaceIt(String name, DataSource dataSource) {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
		JdbcTelegramLoginStore store = store(name, dataSource, clock);
		String key = key();
		assertThat(store.findOutcome(key)).isNull();
		store.putOutcome(key, "{\"event\":\"auth.cancelled\"}", clock.instant().plusSeconds(60));
		store.putOutcome(key, "{\"event\":\"auth.confirmed\"}", clock.instant().plusSeconds(60));
		assertThat(store.findOutcome(key)).isEqualTo("{\"event\":\"auth.confirmed\"}");
		clock.advance(Duration.ofSeconds(61));
		assertThat(store.findOutcome(key)).isNull();
		store.putOutcome(key, "again", clock.instant().plusSeconds(60));
		assertThat(store.findOutcome(key)).isEqualTo("again");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void operationsWhenDatabaseIsGoneThenStoreUnavailable(String name, DataSource dataSource) {
		DataSource broken = new JdbcDataSource();
		((JdbcDataSource) broken).setURL("jdbc:h2:mem:missing-" + UUID.randomUUID() + ";IFEXISTS=TRUE");
		JdbcTelegramLoginStore store = new JdbcTelegramLoginStore(broken);
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store.useOnce(key(), Instant.now().plusSeconds(5)))
			.withMessageContaining("useOnce");
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store.increment(key(), Instant.now().plusSeconds(5)));
	}

	private static int rows(DataSource dataSource, String key) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT (SELECT COUNT(*) FROM tglogin_used_key WHERE key_hash = '"
						+ key + "') + (SELECT COUNT(*) FROM tglogin_counter WHERE key_hash = '" + key + "')")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static <T> List<T> runAll(List<Callable<T>> calls) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<T> results = new ArrayList<>();
			for (Future<T> future : pool.invokeAll(calls)) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
