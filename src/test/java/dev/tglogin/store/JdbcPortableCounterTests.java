package dev.tglogin.store;

import java.sql.Connection;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tglogin.test.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcPortableCounter} on H2 and PostgreSQL (the portable statements run on both).
 */
class JdbcPortableCounterTests {

	private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	static Stream<Arguments> databases() {
		return TestDatabases.h2AndPostgresql("tglogin_counter_tests");
	}

	private static DataSource schema(String name, DataSource dataSource) {
		TestDatabases.assumeRunning(name, dataSource);
		new JdbcTelegramLoginStore(dataSource).createSchema();
		return dataSource;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void incrementWhenNoWindowThenOneAndThenCountsUp(String name, DataSource dataSource) throws Exception {
		String key = "test:" + UUID.randomUUID();
		try (Connection connection = schema(name, dataSource).getConnection()) {
			assertThat(JdbcPortableCounter.increment(connection, key, NOW.plusSeconds(60), NOW)).isEqualTo(1);
			assertThat(JdbcPortableCounter.increment(connection, key, NOW.plusSeconds(60), NOW)).isEqualTo(2);
			assertThat(JdbcPortableCounter.increment(connection, key, NOW.plusSeconds(60), NOW.plusSeconds(30)))
				.isEqualTo(3);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void incrementWhenWindowExpiredThenStartsAgainAtOne(String name, DataSource dataSource) throws Exception {
		String key = "test:" + UUID.randomUUID();
		try (Connection connection = schema(name, dataSource).getConnection()) {
			JdbcPortableCounter.increment(connection, key, NOW.plusSeconds(60), NOW);
			JdbcPortableCounter.increment(connection, key, NOW.plusSeconds(60), NOW);
			Instant later = NOW.plusSeconds(61);
			assertThat(JdbcPortableCounter.increment(connection, key, later.plusSeconds(60), later)).isEqualTo(1);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void incrementWhenDoneThenAutoCommitRestored(String name, DataSource dataSource) throws Exception {
		try (Connection connection = schema(name, dataSource).getConnection()) {
			connection.setAutoCommit(true);
			JdbcPortableCounter.increment(connection, "test:" + UUID.randomUUID(), NOW.plusSeconds(60), NOW);
			assertThat(connection.getAutoCommit()).isTrue();
		}
	}

}
