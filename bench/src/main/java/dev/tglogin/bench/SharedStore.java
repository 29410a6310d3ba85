package dev.tglogin.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.JDBCSessionDataStore;
import org.eclipse.jetty.session.NullSessionCache;

import dev.tglogin.store.JdbcTelegramLoginStore;

/**
 * What the server instances of the cost step's two-instances phase ({@link TwoInstancesPhase}) share, in one
 * PostgreSQL schema: the library's {@link JdbcTelegramLoginStore} (its tables created by the driver before the
 * servers start) and the HTTP sessions, in Jetty's own JDBC session data store ({@code jetty-session}: table
 * {@code jettysessions} in the same schema, created by the first server that starts).
 * <p>
 * The sessions are not cached in the JVM ({@link NullSessionCache}): every request loads its session from the
 * database and a changed session is written back before the response is committed, so a browser whose next request
 * goes to the other instance finds what this one stored (its CSRF token, its pending login).
 */
final class SharedStore implements AutoCloseable {

	static final String USER = "postgres";

	/** Longer than the phase: a session whose attributes did not change is not written again while it runs. */
	private static final int SAVE_PERIOD_SECONDS = 300;

	private final HikariDataSource dataSource;

	private final JdbcTelegramLoginStore store;

	private final String schema;

	private final boolean sharesStore;

	/**
	 * @param jdbcUrl the database, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}
	 * @param schema the schema of this run (it exists already)
	 * @param sharesStore {@code false} for a diagnostic: only the sessions are shared, each instance keeps the
	 * library's default in-memory store (so no lease between them)
	 */
	SharedStore(String jdbcUrl, String schema, boolean sharesStore) {
		this.schema = schema;
		this.sharesStore = sharesStore;
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
		config.setUsername(USER);
		config.setMaximumPoolSize(8);
		config.setPoolName("bench-shared");
		this.dataSource = new HikariDataSource(config);
		this.store = new JdbcTelegramLoginStore(this.dataSource);
	}

	/** Whether the apps use the shared {@link #store()} (else the library's default in-memory store). */
	boolean sharesStore() {
		return this.sharesStore;
	}

	JdbcTelegramLoginStore store() {
		return this.store;
	}

	/** Puts the context's HTTP sessions in the shared database. */
	void shareSessions(ServletContextHandler handler) {
		SessionHandler sessions = handler.getSessionHandler();
		DatabaseAdaptor adaptor = new DatabaseAdaptor();
		adaptor.setDatasource(this.dataSource);
		JDBCSessionDataStore.SessionTableSchema table = new JDBCSessionDataStore.SessionTableSchema();
		table.setSchemaName(this.schema);
		JDBCSessionDataStore data = new JDBCSessionDataStore();
		data.setDatabaseAdaptor(adaptor);
		data.setSessionTableSchema(table);
		// Jetty writes the whole session at the end of every request whose access time changed (save period 0): a
		// request's end-of-request write, after its answer reached the browser, could land after the browser's next
		// request (on either instance) had stored something, and put back the older session (seen once: a login
		// started on instance 1, its pending login gone on both). Changed sessions are still written before the
		// response is committed (below); only writes of the access time alone wait for the period
		data.setSavePeriodSec(SAVE_PERIOD_SECONDS);
		NullSessionCache cache = new NullSessionCache(sessions);
		cache.setSessionDataStore(data);
		cache.setFlushOnResponseCommit(true);
		sessions.setSessionCache(cache);
	}

	@Override
	public void close() {
		this.dataSource.close();
	}

}
