package dev.tglogin.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.store.JdbcTelegramLoginStore;

/**
 * The {@code cost} step's last phase, issue 16's goal "upstream calls per login per interval, 2 instances sharing the
 * store, the login polled on both: ≤ 1": two server JVMs ({@link ServerMain}, one {@link BenchApp} each with
 * {@code telegramLogin()} and default settings) sharing, in a PostgreSQL schema of their own made for this run and
 * dropped after it ({@link SharedStore}), the library's {@link JdbcTelegramLoginStore} (whose lease decides which
 * instance checks a login upstream) and the HTTP sessions (Jetty's JDBC session data store: the pending login is in
 * the browser's session, so a browser polling both instances needs it shared); one upstream JVM for both.
 * <p>
 * N browsers start their login on instance 1, then each polls it alternately on instance 2 and instance 1 (the first
 * poll on instance 2, at a random moment within the first interval), the next poll one interval (2 s) after the
 * previous answer, as {@code tglogin.js} polls without long-poll. After a warm-up, a window: the upstream's verify
 * calls per Bondify session ({@link UpstreamLatencyServlet}) give the mean and the most for one login; the polls
 * answered on each instance, errors and shed answers (429, 503, 504) are counted apart. Met: no login had more
 * upstream calls in the window than one per whole interval in it plus one the window's start may cut
 * ({@code max ≤ floor(window / interval) + 1}, the rule of the cost step's 3-tabs row), and every login was answered
 * on both instances in the window (otherwise the login was not polled on both and the figure proves nothing).
 */
final class TwoInstancesPhase {

	static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private static final String STATUS = "/login/telegram/status";

	private static final long INTERVAL_MS = BondifyProtocol.POLL_INTERVAL.toMillis();

	private final Path logs;

	private final List<String> serverJvmArgs;

	private final int logins;

	private final int warmupSeconds;

	private final int seconds;

	private final int latency;

	private final String jdbcUrl;

	private final boolean enabled;

	private final boolean shareStore;

	/**
	 * @param enabled {@code false}: not measured ({@code --cost-two-instances=false}, e.g. without PostgreSQL)
	 * @param shareStore {@code false} for a diagnostic ({@code --cost-two-share-store=false}): the instances share
	 * only the HTTP sessions, each keeps the default in-memory store, so nothing decides which one checks (not the
	 * goal's setup: shows that the figure can fail)
	 */
	TwoInstancesPhase(Path logs, List<String> serverJvmArgs, int logins, int warmupSeconds, int seconds, int latency,
			String jdbcUrl, boolean enabled, boolean shareStore) {
		this.logs = logs;
		this.serverJvmArgs = serverJvmArgs;
		this.logins = logins;
		this.warmupSeconds = warmupSeconds;
		this.seconds = seconds;
		this.latency = latency;
		this.jdbcUrl = jdbcUrl;
		this.enabled = enabled;
		this.shareStore = shareStore;
	}

	/** The phase's results, or why it was not measured ({@code notMeasured}). */
	Map<String, Object> run() throws Exception {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("logins", this.logins);
		settings.put("warmupSeconds", this.warmupSeconds);
		settings.put("windowSeconds", this.seconds);
		settings.put("intervalMs", INTERVAL_MS);
		settings.put("upstreamLatencyMs", this.latency);
		settings.put("database", this.jdbcUrl + " (user " + SharedStore.USER + ")");
		settings.put("serverJvmArgs", String.join(" ", this.serverJvmArgs));
		settings.put("storeShared", this.shareStore);
		if (!this.enabled) {
			return notMeasured("skipped with --cost-two-instances=false", settings);
		}
		String unreachable = unreachable();
		if (unreachable != null) {
			return notMeasured("PostgreSQL not reachable at " + this.jdbcUrl + " (" + unreachable
					+ "); run with --cost-two-instances=false to skip", settings);
		}
		String schema = "tglogin_bench_" + Long.toString(System.currentTimeMillis(), 36) + "_"
				+ ProcessHandle.current().pid();
		try {
			execute("CREATE SCHEMA " + schema);
			try (SingleConnectionDataSource db = new SingleConnectionDataSource(
					this.jdbcUrl + (this.jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema,
					SharedStore.USER, "", true)) {
				new JdbcTelegramLoginStore(db).createSchema();
			}
			settings.put("schema", schema + " (made for this run, dropped after it)");
			Map<String, Object> out = measure(schema);
			out.put("settings", settings);
			return out;
		}
		catch (Exception ex) {
			// the cost step's other figures stay; the report says why this row is missing
			Bench.log("  two instances failed: " + ex);
			return notMeasured("failed: " + ex + " (see bench/target/logs/server-two-*.log)", settings);
		}
		finally {
			try {
				execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
			}
			catch (SQLException ex) {
				Bench.log("  two instances: schema " + schema + " not dropped: " + ex.getMessage());
			}
		}
	}

	static Map<String, Object> notMeasured(String why, Map<String, Object> settings) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("measured", false);
		out.put("notMeasured", why);
		out.put("settings", settings);
		return out;
	}

	private Map<String, Object> measure(String schema) throws Exception {
		List<String> shared = List.of("--shared-jdbc=" + this.jdbcUrl, "--shared-schema=" + schema,
				"--shared-store=" + this.shareStore);
		try (Child upstream = Child.start("upstream-two", UpstreamMain.class,
				List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC"), List.of("--latency-ms=" + this.latency), this.logs)) {
			String upstreamUrl = "http://127.0.0.1:" + upstream.port("upstream") + UpstreamMain.PATH;
			List<String> args = new ArrayList<>(List.of("--apps=app:TELEGRAM", "--upstream=" + upstreamUrl));
			args.addAll(shared);
			// one after the other: the first creates Jetty's session table
			try (Child one = Child.start("server-two-1", ServerMain.class, this.serverJvmArgs, args, this.logs);
					Child two = Child.start("server-two-2", ServerMain.class, this.serverJvmArgs, args, this.logs);
					LoadClient client = new LoadClient()) {
				URI base1 = URI.create("http://127.0.0.1:" + one.port("app"));
				URI base2 = URI.create("http://127.0.0.1:" + two.port("app"));
				List<SimBrowser> browsers = SimBrowser.open(client, base1, "/login/telegram/start", this.logins, 32);
				Bench.log("  two instances: " + browsers.size() + " logins started on instance 1, polled alternately on "
						+ "instance 2 and 1; warm-up " + this.warmupSeconds + " s, window " + this.seconds + " s");
				try (AlternatingPolls load = new AlternatingPolls(client,
						List.of(base2.resolve(STATUS), base1.resolve(STATUS)))) {
					load.start(browsers);
					Thread.sleep(this.warmupSeconds * 1000L);
					String load0 = Results.loadAverage();
					MachineCpu m0 = MachineCpu.now();
					load.record(true);
					upstream.control("/reset");
					long t0 = System.nanoTime();
					Thread.sleep(this.seconds * 1000L);
					double window = (System.nanoTime() - t0) / 1e9;
					Map<String, Object> stats = upstream.control("/stats");
					load.record(false);
					Map<String, Object> out = new LinkedHashMap<>();
					out.put("measured", true);
					out.put("diagnosticStoreNotShared", !this.shareStore);
					out.put("loginsStarted", browsers.size());
					out.putAll(figures(stats, window, browsers.size(), load.snapshot()));
					out.put("upstream", stats);
					out.put("machineCores", MachineCpu.now().busyCoresSince(m0));
					out.put("loadAverage", load0 + " -> " + Results.loadAverage());
					return out;
				}
			}
		}
	}

	private static Map<String, Object> figures(Map<String, Object> stats, double window, int logins,
			Map<String, Object> answers) {
		long calls = ((Number) stats.get("verifyCalls")).longValue();
		long max = ((Number) stats.get("maxVerifyCallsPerSession")).longValue();
		long allowed = (long) Math.floor(window * 1000 / INTERVAL_MS) + 1;
		long onBoth = ((Number) answers.get("loginsAnsweredOnBoth")).longValue();
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("windowSeconds", window);
		out.put("upstreamCalls", calls);
		out.put("upstreamCallsPerLoginPerInterval", (logins > 0) ? calls / (double) logins / (window * 1000 / INTERVAL_MS)
				: Double.NaN);
		out.put("maxUpstreamCallsPerLogin", max);
		out.put("allowedUpstreamCallsPerLogin", allowed);
		out.putAll(answers);
		// ≤ 1 per interval: no login had more calls in the window than one per whole interval in it, plus one the
		// window's start may cut; and each login was answered on both instances (the goal's "polled on both")
		out.put("met", logins > 0 && max <= allowed && onBoth == logins);
		return out;
	}

	/** {@code null} when PostgreSQL answers, else why not. */
	private String unreachable() {
		DriverManager.setLoginTimeout(5);
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, SharedStore.USER, "")) {
			return connection.isValid(5) ? null : "the connection is not valid";
		}
		catch (SQLException ex) {
			return ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
	}

	private void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, SharedStore.USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/**
	 * Each browser polls its login on the given status endpoints in turn (plain {@code POST}, no long-poll), the next
	 * poll one interval after the previous answer; the first poll at a random moment within the first interval, on
	 * the first endpoint. Counts, while recording, the answered polls (200 pending or confirmed) per endpoint, the
	 * shed ones (429, 503, 504) and the errors (anything else), and which logins were answered on every endpoint.
	 */
	static final class AlternatingPolls implements AutoCloseable {

		private static final String BODY = "{}";

		private final LoadClient client;

		private final List<URI> endpoints;

		private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, (r) -> {
			Thread t = new Thread(r, "alternating-polls");
			t.setDaemon(true);
			return t;
		});

		private final LongAdder[] answered;

		private final LongAdder[] shed;

		private final LongAdder[] errors;

		private final ConcurrentHashMap<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();

		private final ConcurrentHashMap<String, LongAdder> shedByKind = new ConcurrentHashMap<>();

		private final LongAdder sessionCookiesChanged = new LongAdder();

		private final PollingLoad.Latencies okLatencies = new PollingLoad.Latencies(1 << 16);

		private final List<Poller> pollers = new ArrayList<>();

		private volatile boolean running = true;

		private volatile boolean recording;

		private volatile long startedNanos;

		AlternatingPolls(LoadClient client, List<URI> endpoints) {
			this.client = client;
			this.endpoints = endpoints;
			this.answered = adders(endpoints.size());
			this.shed = adders(endpoints.size());
			this.errors = adders(endpoints.size());
		}

		private static LongAdder[] adders(int n) {
			LongAdder[] out = new LongAdder[n];
			for (int i = 0; i < n; i++) {
				out[i] = new LongAdder();
			}
			return out;
		}

		void start(List<SimBrowser> browsers) {
			this.startedNanos = System.nanoTime();
			for (SimBrowser browser : browsers) {
				Poller poller = new Poller(browser, this.endpoints.size());
				this.pollers.add(poller);
				this.scheduler.schedule(() -> poll(poller), ThreadLocalRandom.current().nextLong(INTERVAL_MS),
						TimeUnit.MILLISECONDS);
			}
		}

		/** Starts or stops counting; starting clears the counts. */
		void record(boolean on) {
			if (on) {
				for (int i = 0; i < this.endpoints.size(); i++) {
					this.answered[i].reset();
					this.shed[i].reset();
					this.errors[i].reset();
				}
				this.errorsByKind.clear();
				this.shedByKind.clear();
				this.sessionCookiesChanged.reset();
				this.okLatencies.clear();
				this.pollers.forEach(Poller::clear);
			}
			this.recording = on;
		}

		private void poll(Poller poller) {
			if (!this.running) {
				return;
			}
			int endpoint = poller.next;
			poller.next = (endpoint + 1) % this.endpoints.size();
			SimBrowser browser = poller.browser;
			long t0 = System.nanoTime();
			this.client.postJson(this.endpoints.get(endpoint), browser, BODY).whenComplete((answer, ex) -> {
				if (!this.running) {
					return;
				}
				long nanos = System.nanoTime() - t0;
				StatusWaiting.Outcome outcome = (answer != null) ? StatusWaiting.Outcome.of(answer)
						: new StatusWaiting.Outcome(StatusWaiting.Outcome.Kind.ERROR, String.valueOf(ex), 0);
				if (answer != null) {
					String before = browser.cookie;
					browser.takeCookie(answer);
					if (this.recording && before != null && !before.equals(browser.cookie)) {
						this.sessionCookiesChanged.increment();
					}
				}
				int httpStatus = outcome.httpStatus();
				if (outcome.error() && httpStatus != 429 && httpStatus != 503 && httpStatus != 504
						&& poller.firstError == null) {
					// kept from the warm-up on: what ended a login that is then answered nowhere
					poller.firstError = String.format(java.util.Locale.ROOT,
							"instance %d: %s %.1f s after polling began%s", (endpoint == 0) ? 2 : 1, outcome.detail(),
							(System.nanoTime() - this.startedNanos) / 1e9, this.recording ? "" : " (warm-up)");
				}
				if (this.recording) {
					int status = outcome.httpStatus();
					if (status == 429 || status == 503 || status == 504) {
						this.shed[endpoint].increment();
						this.shedByKind.computeIfAbsent(outcome.detail(), (k) -> new LongAdder()).increment();
					}
					else if (outcome.error()) {
						this.errors[endpoint].increment();
						this.errorsByKind.computeIfAbsent("instance " + (endpoint == 0 ? 2 : 1) + ": " + outcome.detail(),
								(k) -> new LongAdder()).increment();
					}
					else {
						this.answered[endpoint].increment();
						poller.answeredOn[endpoint] = true;
						this.okLatencies.add(nanos);
					}
				}
				if (outcome.kind() == StatusWaiting.Outcome.Kind.CONFIRMED) {
					// nobody confirms in this phase; a confirmed login would stop polling
					return;
				}
				try {
					this.scheduler.schedule(() -> poll(poller), INTERVAL_MS, TimeUnit.MILLISECONDS);
				}
				catch (java.util.concurrent.RejectedExecutionException closed) {
					// closed meanwhile
				}
			});
		}

		/** What was counted while recording; endpoint 0 is instance 2, endpoint 1 instance 1. */
		Map<String, Object> snapshot() {
			Map<String, Object> out = new LinkedHashMap<>();
			long ok = 0;
			long shedAll = 0;
			long errorsAll = 0;
			for (int i = 0; i < this.endpoints.size(); i++) {
				ok += this.answered[i].sum();
				shedAll += this.shed[i].sum();
				errorsAll += this.errors[i].sum();
			}
			out.put("answered", ok);
			out.put("answeredOnInstance1", this.answered[1].sum());
			out.put("answeredOnInstance2", this.answered[0].sum());
			out.put("errors", errorsAll);
			out.put("shed", shedAll);
			Map<String, Object> errorKinds = new TreeMap<>();
			this.errorsByKind.forEach((k, v) -> errorKinds.put(k, v.sum()));
			out.put("errorsByKind", errorKinds);
			Map<String, Object> shedKinds = new TreeMap<>();
			this.shedByKind.forEach((k, v) -> shedKinds.put(k, v.sum()));
			out.put("shedByKind", shedKinds);
			out.put("loginsAnsweredOnBoth", this.pollers.stream().filter(Poller::answeredOnAll).count());
			// per login not answered on both (at most 10): its first error answer, warm-up included
			out.put("firstErrorsOfLoginsNotAnsweredOnBoth", this.pollers.stream()
				.filter((p) -> !p.answeredOnAll())
				.map((p) -> (p.firstError != null) ? p.firstError : "no error answer")
				.limit(10)
				.toList());
			out.put("sessionCookiesChanged", this.sessionCookiesChanged.sum());
			out.put("okLatencyMs", Stats.latencySummary(this.okLatencies.sorted()));
			return out;
		}

		@Override
		public void close() {
			this.running = false;
			this.scheduler.shutdownNow();
		}

		/** One browser's turn and which endpoints answered it while recording. */
		private static final class Poller {

			final SimBrowser browser;

			final boolean[] answeredOn;

			volatile int next;

			/** The first error answer (not shed) since polling began, {@code null} for none. */
			volatile String firstError;

			Poller(SimBrowser browser, int endpoints) {
				this.browser = browser;
				this.answeredOn = new boolean[endpoints];
			}

			void clear() {
				java.util.Arrays.fill(this.answeredOn, false);
			}

			boolean answeredOnAll() {
				for (boolean on : this.answeredOn) {
					if (!on) {
						return false;
					}
				}
				return true;
			}

		}

	}

}
