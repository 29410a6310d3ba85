package dev.tglogin.link;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramLoginFlow;
import dev.tglogin.store.StoreUnavailableException;

/**
 * {@link TelegramAccountLinks} in a relational database shared by all instances of the app, in the table
 * {@code tglogin_account_link} keyed by {@code (flow, telegram_id)}: the primary key makes an identity belong to one
 * user, so {@link #link} is an {@code INSERT} whose duplicate-key failure is answered by reading the owner. The schema
 * is in {@code dev/tglogin/link/schema-<db>.sql} ({@link #createSchema()}), PostgreSQL and H2.
 * <p>
 * Uses Spring's {@link JdbcOperations}, like {@code JdbcTelegramLoginStore}; failures are a
 * {@link StoreUnavailableException} (at login: 503 {@code login_unavailable}, the login may be retried). This class is
 * thread-safe.
 */
public final class JdbcTelegramAccountLinks implements TelegramAccountLinks {

	private static final String SELECT_USERNAME = "SELECT username FROM tglogin_account_link "
			+ "WHERE flow = ? AND telegram_id = ?";

	private static final String SELECT_BY_USERNAME = "SELECT flow, telegram_id FROM tglogin_account_link "
			+ "WHERE username = ? ORDER BY flow, telegram_id";

	private static final String INSERT = "INSERT INTO tglogin_account_link (flow, telegram_id, username) VALUES (?, ?, ?)";

	private static final String DELETE = "DELETE FROM tglogin_account_link "
			+ "WHERE flow = ? AND telegram_id = ? AND username = ?";

	private final JdbcOperations jdbc;

	/**
	 * Creates the repository.
	 * @param jdbc the shared database, through Spring's {@code JdbcOperations} (a {@code JdbcTemplate})
	 */
	public JdbcTelegramAccountLinks(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	/**
	 * Creates the repository on a {@link JdbcTemplate} of the given data source.
	 * @param dataSource the shared database
	 */
	public JdbcTelegramAccountLinks(DataSource dataSource) {
		this(new JdbcTemplate(requireDataSource(dataSource)));
	}

	private static DataSource requireDataSource(DataSource dataSource) {
		Assert.notNull(dataSource, "dataSource cannot be null");
		return dataSource;
	}

	/**
	 * Creates the table and index if they do not exist, with the script for this database
	 * ({@code schema-postgresql.sql} or {@code schema-h2.sql}).
	 */
	public void createSchema() {
		try {
			this.jdbc.execute((ConnectionCallback<Void>) (connection) -> {
				String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
				String database = product.contains("postgres") ? "postgresql" : "h2";
				ScriptUtils.executeSqlScript(connection,
						new ClassPathResource("dev/tglogin/link/schema-" + database + ".sql"));
				return null;
			});
		}
		catch (DataAccessException ex) {
			throw new IllegalStateException("Cannot create the tglogin account link schema", ex);
		}
	}

	@Override
	public @Nullable String findUsername(TelegramLoginFlow flow, String telegramId) {
		Assert.notNull(flow, "flow cannot be null");
		Assert.notNull(telegramId, "telegramId cannot be null");
		try {
			List<String> found = this.jdbc.queryForList(SELECT_USERNAME, String.class, flow.name(), telegramId);
			return found.isEmpty() ? null : found.get(0);
		}
		catch (DataAccessException ex) {
			throw failure("findUsername", ex);
		}
	}

	@Override
	public List<TelegramAccountLink> findByUsername(String username) {
		Assert.notNull(username, "username cannot be null");
		try {
			return this.jdbc.query(SELECT_BY_USERNAME, (row, n) -> new TelegramAccountLink(
					TelegramLoginFlow.valueOf(row.getString(1)), row.getString(2), username), username);
		}
		catch (DataAccessException ex) {
			throw failure("findByUsername", ex);
		}
	}

	@Override
	public boolean link(TelegramAccountLink link) {
		Assert.notNull(link, "link cannot be null");
		try {
			try {
				this.jdbc.update(INSERT, link.flow().name(), link.telegramId(), link.username());
				return true;
			}
			catch (DuplicateKeyException ex) {
				return link.username().equals(findUsername(link.flow(), link.telegramId()));
			}
		}
		catch (DataAccessException ex) {
			throw failure("link", ex);
		}
	}

	@Override
	public boolean unlink(TelegramAccountLink link) {
		Assert.notNull(link, "link cannot be null");
		try {
			return this.jdbc.update(DELETE, link.flow().name(), link.telegramId(), link.username()) == 1;
		}
		catch (DataAccessException ex) {
			throw failure("unlink", ex);
		}
	}

	private static StoreUnavailableException failure(String operation, DataAccessException ex) {
		Throwable cause = ex.getMostSpecificCause();
		String state = (cause instanceof SQLException sql) ? sql.getSQLState() : null;
		return new StoreUnavailableException("tglogin account links " + operation + " failed (SQL state " + state
				+ ")", ex);
	}

}
