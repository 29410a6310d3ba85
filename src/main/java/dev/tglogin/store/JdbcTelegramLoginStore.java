package dev.tglogin.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link TelegramLoginStore} in a relational database shared by all instances of the app: single-use records,
 * fixed-window counters and outcomes, each in one table keyed by the namespaced hash the library makes ({@link StoreKeys}).
 * <p>
 * Every operation is a single atomic statement, never read-then-write: on PostgreSQL {@code INSERT ... ON CONFLICT}
 * (a live key is left alone, an expired one is taken over, a counter is reset or incremented in place and returned);
 * on other databases (H2) an {@code INSERT} whose duplicate-key failure is followed by a conditional
 * {@code UPDATE ... WHERE expires_at < now}, which the database's row lock makes exclusive. Expired rows are deleted at
 * most once per {@link #setCleanupInterval(Duration) cleanup interval} by whichever call comes next, using the
 * {@code expires_at} indexes. The schema is in {@code dev/tglogin/store/schema-<db>.sql} ({@link #createSchema()}).
 * <p>
 * Uses plain JDBC with auto-commit connections from the {@link DataSource} (no extra dependency). This class is
 * thread-safe.
 */
public final class JdbcTelegramLoginStore implements TelegramLoginStore {

	private static final Log logger = LogFactory.getLog(JdbcTelegramLoginStore.class);

	private static final String PG_USE_ONCE = "INSERT INTO tglogin_used_key (key_hash, expires_at) VALUES (?, ?) "
			+ "ON CONFLICT (key_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at "
			+ "WHERE tglogin_used_key.expires_at < ?";

	private static final String PG_INCREMENT = "INSERT INTO tglogin_counter (key_hash, count, expires_at) VALUES (?, 1, ?) "
			+ "ON CONFLICT (key_hash) DO UPDATE SET "
			+ "count = CASE WHEN tglogin_counter.expires_at < ? THEN 1 ELSE tglogin_counter.count + 1 END, "
			+ "expires_at = CASE WHEN tglogin_counter.expires_at < ? THEN EXCLUDED.expires_at "
			+ "ELSE tglogin_counter.expires_at END RETURNING count";

	private static final String INSERT_USED = "INSERT INTO tglogin_used_key (key_hash, expires_at) VALUES (?, ?)";

	private static final String TAKE_OVER_USED = "UPDATE tglogin_used_key SET expires_at = ? "
			+ "WHERE key_hash = ? AND expires_at < ?";

	private static final String RELEASE_USED = "DELETE FROM tglogin_used_key WHERE key_hash = ?";

	private static final String INSERT_COUNTER = "INSERT INTO tglogin_counter (key_hash, count, expires_at) VALUES (?, 1, ?)";

	private static final String UPDATE_COUNTER = "UPDATE tglogin_counter SET "
			+ "count = CASE WHEN expires_at < ? THEN 1 ELSE count + 1 END, "
			+ "expires_at = CASE WHEN expires_at < ? THEN ? ELSE expires_at END WHERE key_hash = ?";

	private static final String SELECT_COUNTER = "SELECT count FROM tglogin_counter WHERE key_hash = ?";

	private static final String DECREMENT = "UPDATE tglogin_counter SET count = count - 1 "
			+ "WHERE key_hash = ? AND expires_at >= ? AND count > 0";

	private static final String PG_PUT_OUTCOME = "INSERT INTO tglogin_outcome (key_hash, outcome, expires_at) VALUES (?, ?, ?) "
			+ "ON CONFLICT (key_hash) DO UPDATE SET outcome = EXCLUDED.outcome, expires_at = EXCLUDED.expires_at";

	private static final String INSERT_OUTCOME = "INSERT INTO tglogin_outcome (key_hash, outcome, expires_at) VALUES (?, ?, ?)";

	private static final String UPDATE_OUTCOME = "UPDATE tglogin_outcome SET outcome = ?, expires_at = ? WHERE key_hash = ?";

	private static final String SELECT_OUTCOME = "SELECT outcome FROM tglogin_outcome WHERE key_hash = ? AND expires_at >= ?";

	private final DataSource dataSource;

	private final AtomicLong nextCleanup = new AtomicLong();

	private volatile @Nullable Boolean postgres;

	private Clock clock = Clock.systemUTC();

	private Duration cleanupInterval = Duration.ofMinutes(5);

	/**
	 * Creates the store.
	 * @param dataSource the shared database
	 */
	public JdbcTelegramLoginStore(DataSource dataSource) {
		Assert.notNull(dataSource, "dataSource cannot be null");
		this.dataSource = dataSource;
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/** Sets how often expired rows are deleted. Defaults to 5 minutes. */
	public void setCleanupInterval(Duration cleanupInterval) {
		Assert.isTrue(cleanupInterval != null && !cleanupInterval.isNegative(), "cleanupInterval cannot be negative");
		this.cleanupInterval = cleanupInterval;
	}

	/**
	 * Creates the tables and indexes if they do not exist, with the script for this database
	 * ({@code schema-postgresql.sql} or {@code schema-h2.sql}).
	 */
	public void createSchema() {
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			String script = script(isPostgres(connection) ? "postgresql" : "h2");
			for (String sql : script.split(";")) {
				String trimmed = sql.lines().filter((line) -> !line.trim().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).trim();
				if (!trimmed.isEmpty()) {
					statement.execute(trimmed);
				}
			}
		}
		catch (SQLException | IOException ex) {
			throw new IllegalStateException("Cannot create the tglogin store schema", ex);
		}
	}

	@Override
	public boolean useOnce(String key, Instant expiresAt) {
		Assert.hasText(key, "key cannot be empty");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		Instant now = this.clock.instant();
		try (Connection connection = this.dataSource.getConnection()) {
			cleanupIfDue(connection, now);
			if (isPostgres(connection)) {
				return update(connection, PG_USE_ONCE, key, timestamp(expiresAt), timestamp(now)) == 1;
			}
			try {
				return update(connection, INSERT_USED, key, timestamp(expiresAt)) == 1;
			}
			catch (SQLException ex) {
				if (!isDuplicateKey(ex)) {
					throw ex;
				}
				return update(connection, TAKE_OVER_USED, timestamp(expiresAt), key, timestamp(now)) == 1;
			}
		}
		catch (SQLException ex) {
			throw failure("useOnce", ex);
		}
	}

	@Override
	public void release(String key) {
		Assert.hasText(key, "key cannot be empty");
		try (Connection connection = this.dataSource.getConnection()) {
			update(connection, RELEASE_USED, key);
		}
		catch (SQLException ex) {
			throw failure("release", ex);
		}
	}

	@Override
	public long increment(String key, Instant expiresAt) {
		Assert.hasText(key, "key cannot be empty");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		Instant now = this.clock.instant();
		try (Connection connection = this.dataSource.getConnection()) {
			cleanupIfDue(connection, now);
			if (isPostgres(connection)) {
				try (PreparedStatement statement = prepare(connection, PG_INCREMENT, key, timestamp(expiresAt),
						timestamp(now), timestamp(now)); ResultSet result = statement.executeQuery()) {
					result.next();
					return result.getLong(1);
				}
			}
			return incrementPortably(connection, key, expiresAt, now);
		}
		catch (SQLException ex) {
			throw failure("increment", ex);
		}
	}

	private long incrementPortably(Connection connection, String key, Instant expiresAt, Instant now)
			throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try {
			for (int attempt = 0; attempt < 3; attempt++) {
				if (update(connection, UPDATE_COUNTER, timestamp(now), timestamp(now), timestamp(expiresAt), key) == 1) {
					try (PreparedStatement statement = prepare(connection, SELECT_COUNTER, key);
							ResultSet result = statement.executeQuery()) {
						result.next();
						long count = result.getLong(1);
						connection.commit();
						return count;
					}
				}
				try {
					update(connection, INSERT_COUNTER, key, timestamp(expiresAt));
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

	@Override
	public void decrement(String key) {
		Assert.hasText(key, "key cannot be empty");
		try (Connection connection = this.dataSource.getConnection()) {
			update(connection, DECREMENT, key, timestamp(this.clock.instant()));
		}
		catch (SQLException ex) {
			throw failure("decrement", ex);
		}
	}

	@Override
	public void putOutcome(String key, String value, Instant expiresAt) {
		Assert.hasText(key, "key cannot be empty");
		Assert.isTrue(value != null && value.length() <= 4000, "value must be at most 4000 characters");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		try (Connection connection = this.dataSource.getConnection()) {
			cleanupIfDue(connection, this.clock.instant());
			if (isPostgres(connection)) {
				update(connection, PG_PUT_OUTCOME, key, value, timestamp(expiresAt));
				return;
			}
			if (update(connection, UPDATE_OUTCOME, value, timestamp(expiresAt), key) == 0) {
				try {
					update(connection, INSERT_OUTCOME, key, value, timestamp(expiresAt));
				}
				catch (SQLException ex) {
					if (!isDuplicateKey(ex)) {
						throw ex;
					}
					update(connection, UPDATE_OUTCOME, value, timestamp(expiresAt), key);
				}
			}
		}
		catch (SQLException ex) {
			throw failure("putOutcome", ex);
		}
	}

	@Override
	public @Nullable String findOutcome(String key) {
		Assert.hasText(key, "key cannot be empty");
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = prepare(connection, SELECT_OUTCOME, key, timestamp(this.clock.instant()));
				ResultSet result = statement.executeQuery()) {
			return result.next() ? result.getString(1) : null;
		}
		catch (SQLException ex) {
			throw failure("findOutcome", ex);
		}
	}

	/**
	 * Deletes every expired row now.
	 * @return the number of rows deleted
	 */
	public int deleteExpired() {
		try (Connection connection = this.dataSource.getConnection()) {
			return deleteExpired(connection, this.clock.instant());
		}
		catch (SQLException ex) {
			throw failure("deleteExpired", ex);
		}
	}

	private void cleanupIfDue(Connection connection, Instant now) throws SQLException {
		long due = this.nextCleanup.get();
		if (now.toEpochMilli() >= due
				&& this.nextCleanup.compareAndSet(due, now.plus(this.cleanupInterval).toEpochMilli())) {
			int deleted = deleteExpired(connection, now);
			if (deleted > 0 && logger.isDebugEnabled()) {
				logger.debug("Deleted " + deleted + " expired tglogin store rows");
			}
		}
	}

	private static int deleteExpired(Connection connection, Instant now) throws SQLException {
		return update(connection, "DELETE FROM tglogin_used_key WHERE expires_at < ?", timestamp(now))
				+ update(connection, "DELETE FROM tglogin_counter WHERE expires_at < ?", timestamp(now))
				+ update(connection, "DELETE FROM tglogin_outcome WHERE expires_at < ?", timestamp(now));
	}

	private boolean isPostgres(Connection connection) throws SQLException {
		Boolean known = this.postgres;
		if (known == null) {
			known = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
			this.postgres = known;
		}
		return known;
	}

	private static boolean isDuplicateKey(SQLException ex) {
		return ex instanceof java.sql.SQLIntegrityConstraintViolationException
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

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.from(instant);
	}

	private static StoreUnavailableException failure(String operation, SQLException ex) {
		// the SQL state says what failed; keys are hashes, but the message stays generic anyway
		return new StoreUnavailableException("tglogin store " + operation + " failed (SQL state " + ex.getSQLState() + ")",
				ex);
	}

	private static String script(String database) throws IOException {
		try (InputStream in = JdbcTelegramLoginStore.class.getResourceAsStream("schema-" + database + ".sql")) {
			if (in == null) {
				throw new IOException("schema-" + database + ".sql not found");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
