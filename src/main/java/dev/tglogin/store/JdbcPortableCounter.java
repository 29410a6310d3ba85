package dev.tglogin.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The fixed-window counter of {@link JdbcTelegramLoginStore} on databases without {@code INSERT ... ON CONFLICT}
 * (H2): an {@code UPDATE} that resets an expired window or increments a live one, else an {@code INSERT}, in one
 * short transaction of its own on the given connection, retried when a concurrent insert wins.
 */
final class JdbcPortableCounter {

	private static final String INSERT_COUNTER = "INSERT INTO tglogin_counter (key_hash, count, expires_at) VALUES (?, 1, ?)";

	private static final String UPDATE_COUNTER = "UPDATE tglogin_counter SET "
			+ "count = CASE WHEN expires_at < ? THEN 1 ELSE count + 1 END, "
			+ "expires_at = CASE WHEN expires_at < ? THEN ? ELSE expires_at END WHERE key_hash = ?";

	private static final String SELECT_COUNTER = "SELECT count FROM tglogin_counter WHERE key_hash = ?";

	private JdbcPortableCounter() {
	}

	/**
	 * Increments the counter of {@code key}, starting a new window that ends at {@code expiresAt} when there is none
	 * live at {@code now}; the connection's auto-commit is restored afterwards.
	 * @return the count in the window, this call included
	 */
	static long increment(Connection connection, String key, Instant expiresAt, Instant now)
			throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try {
			for (int attempt = 0; attempt < 3; attempt++) {
				if (update(connection, UPDATE_COUNTER, Timestamp.from(now), Timestamp.from(now), Timestamp.from(expiresAt), key) == 1) {
					try (PreparedStatement statement = prepare(connection, SELECT_COUNTER, key);
							ResultSet result = statement.executeQuery()) {
						result.next();
						long count = result.getLong(1);
						connection.commit();
						return count;
					}
				}
				try {
					update(connection, INSERT_COUNTER, key, Timestamp.from(expiresAt));
					connection.commit();
					return 1;
				}
				catch (SQLException ex) {
					connection.rollback();
					if (!isDuplicateKey(ex)) {
						throw ex;
					}
				}
			}
			throw new SQLException("counter contended beyond retries");
		}
		catch (SQLException | RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(autoCommit);
		}
	}

	private static boolean isDuplicateKey(SQLException ex) {
		return ex instanceof SQLIntegrityConstraintViolationException
				|| (ex.getSQLState() != null && ex.getSQLState().startsWith("23"));
	}

	private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = prepare(connection, sql, parameters)) {
			return statement.executeUpdate();
		}
	}

	private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
			throws SQLException {
		PreparedStatement statement = connection.prepareStatement(sql);
		for (int i = 0; i < parameters.length; i++) {
			statement.setObject(i + 1, parameters[i]);
		}
		return statement;
	}

}
