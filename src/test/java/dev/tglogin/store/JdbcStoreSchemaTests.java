package dev.tglogin.store;

import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.tglogin.test.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link JdbcStoreSchema}.
 */
class JdbcStoreSchemaTests {

	static Stream<Arguments> databases() {
		return TestDatabases.h2AndPostgresql("tglogin_schema_tests");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void createWhenRunTwiceThenTablesExistAndNoFailure(String name, DataSource dataSource) {
		TestDatabases.assumeRunning(name, dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		String database = name.toLowerCase().contains("postgres") ? "postgresql" : "h2";
		JdbcStoreSchema.create(jdbc, database);
		JdbcStoreSchema.create(jdbc, database);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tglogin_outcome", Long.class)).isNotNull();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tglogin_counter", Long.class)).isNotNull();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tglogin_used_key", Long.class)).isNotNull();
	}

	@Test
	void scriptWhenKnownDatabaseThenCreatesTheTables() throws Exception {
		assertThat(JdbcStoreSchema.script("h2")).contains("CREATE TABLE IF NOT EXISTS tglogin_counter");
		assertThat(JdbcStoreSchema.script("postgresql")).contains("tglogin_outcome");
	}

	@Test
	void createWhenUnknownDatabaseThenIllegalState() {
		assertThatIllegalStateException().isThrownBy(() -> JdbcStoreSchema.create(mock(JdbcTemplate.class), "oracle"))
			.withMessageContaining("schema");
	}

}
