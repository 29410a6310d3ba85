package dev.tglogin.store;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
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
 * {@code expires_at} indexes. A {@link #tryLease lease} is a single-use row under its own namespaced key (the
 * interface's default: no table of its own, so no schema change). The schema is in {@code dev/tglogin/store/schema-<db>.sql} ({@link #createSchema()}).
 * <p>
 * Uses Spring's {@link JdbcOperations} (a {@link JdbcTemplate}; {@code spring-jdbc} is an optional dependency of the
 * library, present in every app with a Spring {@code DataSource}), as Spring Security's
 * {@code JdbcOneTimeTokenService} does; statements run with auto-commit, the portable counter in a short transaction
 * of its own. This class is thread-safe.
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

	private static final String DECREMENT = "UPDATE tglogin_counter SET count = count - 1 "
			+ "WHERE key_hash = ? AND expires_at >= ? AND count > 0";

	private static final String PG_PUT_OUTCOME = "INSERT INTO tglogin_outcome (key_hash, outcome, expires_at) VALUES (?, ?, ?) "
			+ "ON CONFLICT (key_hash) DO UPDATE SET outcome = EXCLUDED.outcome, expires_at = EXCLUDED.expires_at";

	private static final String INSERT_OUTCOME = "INSERT INTO tglogin_outcome (key_hash, outcome, expires_at) VALUES (?, ?, ?)";

	private static final String UPDATE_OUTCOME = "UPDATE tglogin_outcome SET outcome = ?, expires_at = ? WHERE key_hash = ?";

	private static final String SELECT_OUTCOME = "SELECT outcome FROM tglogin_outcome WHERE key_hash = ? AND expires_at >= ?";

	private final JdbcOperations jdbc;

	private final AtomicLong nextCleanup = new AtomicLong();

	private volatile @Nullable Boolean postgres;

	private Clock clock = Clock.systemUTC();

	private Duration cleanupInterval = Duration.ofMinutes(5);

	/**
	 * Creates the store.
	 * @param jdbc the shared database, through Spring's {@code JdbcOperations} (a {@code JdbcTemplate})
	 */
	public JdbcTelegramLoginStore(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	/**
	 * Creates the store on a {@link JdbcTemplate} of the given data source.
	 * @param dataSource the shared database
	 */
	public JdbcTelegramLoginStore(DataSource dataSource) {
		this(new JdbcTemplate(requireDataSource(dataSource)));
	}

	private static DataSource requireDataSource(DataSource dataSource) {
		Assert.notNull(dataSource, "dataSource cannot be null");
		return dataSource;
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
		JdbcStoreSchema.create(this.jdbc, isPostgres() ? "postgresql" : "h2");
	}

	@Override
	public boolean useOnce(String key, Instant expiresAt) {
		Assert.hasText(key, "key cannot be empty");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		Instant now = this.clock.instant();
		try {
			cleanupIfDue(now);
			if (isPostgres()) {
				return this.jdbc.update(PG_USE_ONCE, key, timestamp(expiresAt), timestamp(now)) == 1;
			}
			try {
				return this.jdbc.update(INSERT_USED, key, timestamp(expiresAt)) == 1;
			}
			catch (DuplicateKeyException ex) {
				return this.jdbc.update(TAKE_OVER_USED, timestamp(expiresAt), key, timestamp(now)) == 1;
			}
		}
		catch (DataAccessException ex) {
			throw failure("useOnce", ex);
		}
	}

	@Override
	public void release(String key) {
		Assert.hasText(key, "key cannot be empty");
		try {
			this.jdbc.update(RELEASE_USED, key);
		}
		catch (DataAccessException ex) {
			throw failure("release", ex);
		}
	}

	@Override
	public long increment(String key, Instant expiresAt) {
		Assert.hasText(key, "key cannot be empty");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		Instant now = this.clock.instant();
		try {
			cleanupIfDue(now);
			if (isPostgres()) {
				Long count = this.jdbc.queryForObject(PG_INCREMENT, Long.class, key, timestamp(expiresAt),
						timestamp(now), timestamp(now));
				return (count != null) ? count : 0;
			}
			Long count = this.jdbc.execute((ConnectionCallback<Long>) (connection) -> JdbcPortableCounter
				.increment(connection, key, expiresAt, now));
			return (count != null) ? count : 0;
		}
		catch (DataAccessException ex) {
			throw failure("increment", ex);
		}
	}

	@Override
	public void decrement(String key) {
		Assert.hasText(key, "key cannot be empty");
		try {
			this.jdbc.update(DECREMENT, key, timestamp(this.clock.instant()));
		}
		catch (DataAccessException ex) {
			throw failure("decrement", ex);
		}
	}

	@Override
	public void putOutcome(String key, String value, Instant expiresAt) {
		Assert.hasText(key, "key cannot be empty");
		Assert.isTrue(value != null && value.length() <= 4000, "value must be at most 4000 characters");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
		try {
			cleanupIfDue(this.clock.instant());
			if (isPostgres()) {
				this.jdbc.update(PG_PUT_OUTCOME, key, value, timestamp(expiresAt));
				return;
			}
			if (this.jdbc.update(UPDATE_OUTCOME, value, timestamp(expiresAt), key) == 0) {
				try {
					this.jdbc.update(INSERT_OUTCOME, key, value, timestamp(expiresAt));
				}
				catch (DuplicateKeyException ex) {
					this.jdbc.update(UPDATE_OUTCOME, value, timestamp(expiresAt), key);
				}
			}
		}
		catch (DataAccessException ex) {
			throw failure("putOutcome", ex);
		}
	}

	@Override
	public @Nullable String findOutcome(String key) {
		Assert.hasText(key, "key cannot be empty");
		try {
			List<String> found = this.jdbc.queryForList(SELECT_OUTCOME, String.class, key,
					timestamp(this.clock.instant()));
			return found.isEmpty() ? null : found.get(0);
		}
		catch (DataAccessException ex) {
			throw failure("findOutcome", ex);
		}
	}

	/**
	 * Deletes every expired row now.
	 * @return the number of rows deleted
	 */
	public int deleteExpired() {
		try {
			return deleteExpired(this.clock.instant());
		}
		catch (DataAccessException ex) {
			throw failure("deleteExpired", ex);
		}
	}

	private void cleanupIfDue(Instant now) {
		long due = this.nextCleanup.get();
		if (now.toEpochMilli() >= due
				&& this.nextCleanup.compareAndSet(due, now.plus(this.cleanupInterval).toEpochMilli())) {
			int deleted = deleteExpired(now);
			if (deleted > 0 && logger.isDebugEnabled()) {
				logger.debug("Deleted " + deleted + " expired tglogin store rows");
			}
		}
	}

	private int deleteExpired(Instant now) {
		return this.jdbc.update("DELETE FROM tglogin_used_key WHERE expires_at < ?", timestamp(now))
				+ this.jdbc.update("DELETE FROM tglogin_counter WHERE expires_at < ?", timestamp(now))
				+ this.jdbc.update("DELETE FROM tglogin_outcome WHERE expires_at < ?", timestamp(now));
	}

	private boolean isPostgres() {
		Boolean known = this.postgres;
		if (known == null) {
			known = this.jdbc.execute((ConnectionCallback<Boolean>) (connection) -> connection.getMetaData()
				.getDatabaseProductName()
				.toLowerCase(Locale.ROOT)
				.contains("postgres"));
			this.postgres = known;
		}
		return Boolean.TRUE.equals(known);
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.from(instant);
	}

	private static StoreUnavailableException failure(String operation, DataAccessException ex) {
		// the SQL state says what failed; keys are hashes, but the message stays generic anyway
		Throwable cause = ex.getMostSpecificCause();
		String state = (cause instanceof SQLException sql) ? sql.getSQLState() : null;
		return new StoreUnavailableException("tglogin store " + operation + " failed (SQL state " + state + ")", ex);
	}

}
