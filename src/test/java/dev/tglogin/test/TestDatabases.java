package dev.tglogin.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The databases of the JDBC tests: a fresh in-memory H2 (always) and PostgreSQL at 127.0.0.1:5432, database
 * {@code test}, user {@code postgres}, trust authentication (skipped with a message when it is not running; it keeps
 * rows between runs, so tests use unique keys).
 */
public final class TestDatabases {

	private TestDatabases() {
	}

	/**
	 * The arguments of a parameterized test: {@code ("h2", dataSource)} and {@code ("postgresql", dataSource)}.
	 * @param h2Name the name of the in-memory H2 database (made unique)
	 */
	public static Stream<Arguments> h2AndPostgresql(String h2Name) {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:" + h2Name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		PGSimpleDataSource postgres = new PGSimpleDataSource();
		postgres.setURL("jdbc:postgresql://127.0.0.1:5432/test");
		postgres.setUser("postgres");
		postgres.setConnectTimeout(2);
		return Stream.of(Arguments.of("h2", h2), Arguments.of("postgresql", postgres));
	}

	/** Aborts the test (skipped, with the reason) when the named database is PostgreSQL and it is not running. */
	public static void assumeRunning(String name, DataSource dataSource) {
		if (name.equals("postgresql")) {
			try (Connection connection = dataSource.getConnection()) {
				connection.isValid(2);
			}
			catch (SQLException ex) {
				Assumptions.abort("PostgreSQL is not running on 127.0.0.1:5432 (" + ex.getMessage()
						+ "); the H2 variant still runs");
			}
		}
	}

}
