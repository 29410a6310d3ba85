package dev.tglogin.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code polling} step (issue 16): N simulated browsers wait for their logins against a server JVM pinned to one
 * core ({@link Pinning}), the upstream emulator and this driver on the other, for each size and each variant, the
 * variants' measurement windows interleaved. Each variant first warms up in windows until three consecutive ones
 * agree within a tolerance (answered polls/s and server CPU per answered poll) or a cap is reached; then each run is
 * one measured window. Per size and variant the figures of its median run (one real window); "ahead?" rows compare
 * the library as the browser uses it by default ({@link #DEFAULT_BROWSER}) with the hand-written proxy; the
 * 10,000-logins goal is checked by its rule as issue 16 writes it.
 */
final class PollingStep {

	/**
	 * What {@code tglogin.js} does by default: the server advertises {@code maxWaitSeconds} (25 s by default,
	 * {@code tglogin.bondify.long-poll-max-wait}) and the script then long-polls.
	 */
	static final String DEFAULT_BROWSER = "tglogin-longpoll";

	/** The hand-written proxy the library is compared with. */
	static final String BASELINE = "naive";

	/** The size of the goal row. */
	static final int GOAL_LOGINS = 10_000;

	/** The goal row's p99 of answered polls, in milliseconds. */
	static final double GOAL_P99_MS = 250;

	/** The goal row's upstream latency, in milliseconds. */
	static final int GOAL_UPSTREAM_LATENCY_MS = 200;

	/**
	 * The server's {@code tglogin.bondify.upstream-poll-interval}: not set by the bench app, so the library's default,
	 * the poll interval ({@code BondifyProtocol.POLL_INTERVAL}).
	 */
	static final long UPSTREAM_POLL_INTERVAL_MS = dev.tglogin.bondify.BondifyProtocol.POLL_INTERVAL.toMillis();

	/** Pending logins last 10 minutes; a variant's logins are started again when a window would end later than this. */
	private static final long MAX_LOGIN_AGE_NANOS = TimeUnit.SECONDS.toNanos(9 * 60);

	private final Map<String, String> options;

	private final boolean quick;

	private final Path logs;

	private final List<String> serverJvmArgs;

	private final List<String> upstreamJvmArgs;

	private final List<Integer> sizes = new ArrayList<>();

	private final List<StatusWaiting.Variant> variants = new ArrayList<>();

	private final List<Map<String, Object>> notMeasured = new ArrayList<>();

	private final int runs;

	private final int seconds;

	private final int warmupWindowSeconds;

	private final int warmupMaxWindows;

	private final double warmupTolerance;

	/** The most cores the server's JIT compiler threads may use in each of the last three warm-up windows. */
	private final double warmupMaxJitCores;

	private final int settleSeconds;

	private final double settlePerThousand;

	private final int interval;

	private final int latency;

	private final int tabs;

	private final Pinning pinning;

	PollingStep(Map<String, String> options, boolean quick, Path logs, List<String> serverJvmArgs,
			List<String> upstreamJvmArgs) {
		this.options = options;
		this.quick = quick;
		this.logs = logs;
		this.serverJvmArgs = serverJvmArgs;
		this.upstreamJvmArgs = upstreamJvmArgs;
		for (String n : string("poll-n", "10000,2000,200", "200").split(",")) {
			this.sizes.add(Integer.parseInt(n.trim()));
		}
		for (String name : string("poll-variants", "tglogin-longpoll,naive,tglogin,tglogin-longpoll-jdk",
				"tglogin-longpoll,naive,tglogin")
			.split(",")) {
			this.variants.add(StatusWaiting.variant(name.trim()));
		}
		for (StatusWaiting.Variant v : StatusWaiting.VARIANTS) {
			if (!v.available()) {
				this.notMeasured.add(map("variant", v.name(), "description", v.description(), "why", v.missing()));
			}
		}
		this.variants.removeIf((v) -> !v.available());
		this.runs = integer("poll-runs", 3, 1);
		this.seconds = integer("poll-seconds", 10, 5);
		this.warmupWindowSeconds = integer("poll-warmup-window", 5, 3);
		this.warmupMaxWindows = Math.max(3, integer("poll-warmup-max", 24, 4));
		this.warmupTolerance = Double.parseDouble(this.options.getOrDefault("poll-warmup-tolerance", "0.10"));
		this.warmupMaxJitCores = Double.parseDouble(this.options.getOrDefault("poll-warmup-max-jit-cores", "0.05"));
		this.settleSeconds = integer("poll-settle", 3, 3);
		this.settlePerThousand = Double.parseDouble(string("poll-settle-per-1000", "1", "0"));
		this.interval = integer("poll-interval-ms", 2000, 2000);
		this.latency = integer("upstream-latency-ms", 200, 200);
		this.tabs = integer("poll-tabs", 1, 1);
		this.pinning = Pinning.of(this.options.get("pin"));
	}

	private int integer(String key, int full, int quick) {
		return Integer.parseInt(this.options.getOrDefault(key, Integer.toString(this.quick ? quick : full)));
	}

	private String string(String key, String full, String quick) {
		return this.options.getOrDefault(key, this.quick ? quick : full);
	}

	private static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			out.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return out;
	}

	private static void log(String message) {
		Bench.log(message);
	}

	/** The step's settings, for the results file (before the driver is pinned, so the header sees every core). */
	Map<String, Object> settings() {
		List<String> serverArgs = new ArrayList<>(this.serverJvmArgs);
		serverArgs.addAll(this.pinning.serverJvmArgs());
		return map("logins", this.sizes, "runsPerVariant", this.runs, "measureSeconds", this.seconds,
				"warmup", map("windowSeconds", this.warmupWindowSeconds, "maxWindows", this.warmupMaxWindows,
						"tolerance", this.warmupTolerance, "rule", "windows of the variant's polling until the last "
								+ "three each lie within ±" + Math.round(this.warmupTolerance * 100) + " % of their "
								+ "mean on answered polls/s and on server CPU per answered poll, and the server's JIT "
								+ "compiler threads used at most " + this.warmupMaxJitCores + " cores in each of them, "
								+ "at most " + this.warmupMaxWindows + " windows", "maxJitCores", this.warmupMaxJitCores),
				"settleSeconds", this.settleSeconds, "settleSecondsPer1000Logins", this.settlePerThousand, "pollIntervalMs", this.interval, "upstreamLatencyMs", this.latency,
				"upstreamPollIntervalMs", UPSTREAM_POLL_INTERVAL_MS, "tabsPerLogin", this.tabs,
				"defaultBrowser", DEFAULT_BROWSER, "baseline", BASELINE,
				"variants", this.variants.stream().map((v) -> map("name", v.name(), "description", v.description())).toList(),
				"pinned", this.pinning.on(), "serverJvmArgs", String.join(" ", serverArgs), "serverThreadPool",
				"Jetty QueuedThreadPool max " + BenchApp.MAX_THREADS + " min " + BenchApp.MIN_THREADS
						+ " (every variant)",
				"upstream", "emulator in its own JVM, verify answered after " + this.latency
						+ " ms without holding a thread (UpstreamLatencyServlet), the largest gap between two checks "
						+ "of each login recorded per window",
				"client", "one JVM, Jetty HttpClient, one cookie + CSRF token per browser, closed loop per browser: "
						+ "plain polling: next poll one interval after the answer (as tglogin.js), request timeout "
						+ LoadClient.TIMEOUT_SECONDS + " s; long-poll: {\"waitSeconds\": maxWaitSeconds from the "
						+ "start answer}, the next request at once after a held answer but not sooner than one "
						+ "interval after the previous one began, request timeout the wait + "
						+ LoadClient.TIMEOUT_SECONDS + " s (as tglogin.js), each browser's first request asking for a "
						+ "random part of the wait (steady state from the start)",
				"schedule", "per size, per variant one server JVM and one upstream JVM, set up once (N logins "
						+ "through the real endpoints); each variant warms up first (see warmup; C, B, A); then the "
						+ "runs' windows interleave the variants, each run in the reverse order of the previous one "
						+ "(A B C, C B A, ...: the first run begins with the variant warmed up last), a window that follows "
						+ "one of the same variant continues its polling, otherwise polling starts and settles "
						+ this.settleSeconds + " s + " + this.settlePerThousand + " s per 1,000 logins first; polling stops and the server's backlog is drained before "
						+ "another variant's window",
				"medianRun", "per variant the run whose server CPU per answered poll is the median (the lower "
						+ "middle of an even count); every figure shown is that run's own",
				"processes", this.pinning.on()
						? "server JVMs on one core (taskset), the driver (load generator) and the upstream JVMs on "
								+ "another; the other variants' JVMs stay up idle"
						: "driver (load), server and upstream JVMs share the machine's cores (not pinned: "
								+ this.pinning.describe(Map.of()).get("why") + "); the other variants' JVMs stay up "
								+ "idle");
	}

	/** Measures every size; returns {@code pinning}, {@code notMeasured}, {@code points} and {@code goals}. */
	Map<String, Object> run() throws Exception {
		this.pinning.pinDriver();
		Map<String, Object> affinity = null;
		List<Map<String, Object>> points = new ArrayList<>();
		for (int n : this.sizes) {
			List<Map<String, Object>> runResults = new ArrayList<>();
			Map<String, Object> warmups = new LinkedHashMap<>();
			Map<String, Env> envs = new LinkedHashMap<>();
			try {
				// warm up in reverse order, so that the first run begins with the variant warmed up last, polling on
				List<StatusWaiting.Variant> warmOrder = new ArrayList<>(this.variants);
				Collections.reverse(warmOrder);
				for (StatusWaiting.Variant variant : warmOrder) {
					Env env = new Env(variant, n);
					envs.put(variant.name(), env);
					if (affinity == null) {
						affinity = this.pinning.describe(Map.of("server", env.server.pid(), "upstream", env.upstream.pid()));
						log("polling: pinning " + affinity);
					}
					warmups.put(variant.name(), warmUp(env));
					if (variant != warmOrder.get(warmOrder.size() - 1)) {
						stopPolling(env);
					}
				}
				List<StatusWaiting.Variant> schedule = new ArrayList<>();
				List<Integer> runOf = new ArrayList<>();
				for (int r = 1; r <= this.runs; r++) {
					List<StatusWaiting.Variant> order = new ArrayList<>(this.variants);
					if (r % 2 == 0) {
						Collections.reverse(order);
					}
					schedule.addAll(order);
					runOf.addAll(Collections.nCopies(order.size(), r));
				}
				for (int i = 0; i < schedule.size(); i++) {
					StatusWaiting.Variant variant = schedule.get(i);
					Env env = envs.get(variant.name());
					long windowNanos = TimeUnit.MILLISECONDS.toNanos(settleMillis(n) + this.seconds * 1000L + 30_000);
					if (System.nanoTime() - env.startedNanos + windowNanos > MAX_LOGIN_AGE_NANOS) {
						log("  " + variant.name() + ": its logins would expire during the window; new JVMs and logins");
						env.close();
						env = new Env(variant, n);
						envs.put(variant.name(), env);
						warmups.put(variant.name() + " (again)", warmUp(env));
					}
					if (env.load == null) {
						startPolling(env);
						long settle = settleMillis(n);
						log("polling: " + variant.name() + ": settling " + settle / 1000.0 + " s");
						Thread.sleep(settle);
					}
					Map<String, Object> window = measure(env, runOf.get(i), this.seconds);
					runResults.add(window);
					boolean nextIsSame = i + 1 < schedule.size() && schedule.get(i + 1) == variant;
					if (!nextIsSame) {
						// after the size's last window every JVM of the size is closed: nothing to drain
						if (i + 1 == schedule.size()) {
							env.load.close();
							env.load = null;
						}
						else {
							stopPolling(env);
						}
					}
				}
			}
			finally {
				envs.values().forEach(Env::close);
			}
			Map<String, Object> medians = medians(runResults, this.variants);
			points.add(map("logins", n, "offeredPollsPerSecond", n * 1000.0 / this.interval, "warmup", warmups,
					"runs", runResults, "medians", medians, "ahead", aheadRows(runResults, medians)));
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("pinning", (affinity != null) ? affinity : this.pinning.describe(Map.of()));
		out.put("notMeasured", this.notMeasured);
		out.put("points", points);
		out.put("goal10k", goal10k(points, this.pinning.on(), this.latency));
		return out;
	}

	// ------------------------------------------------------------------ JVMs, polling, windows

	/** One variant's upstream and server JVMs with N pending logins, kept for that variant's windows. */
	private final class Env implements AutoCloseable {

		final StatusWaiting.Variant variant;

		final Child upstream;

		final Child server;

		final LoadClient client;

		final URI base;

		final List<SimBrowser> browsers;

		final double setupSeconds;

		final long startedNanos = System.nanoTime();

		/** Busy pool threads when idle (Jetty's acceptor and selector run on the pool). */
		final long idleBusy;

		/** The browsers' polling while this variant's windows follow each other, else {@code null}. */
		PollingLoad load;

		Env(StatusWaiting.Variant variant, int n) throws Exception {
			this.variant = variant;
			log("polling: " + variant.name() + ": starting " + n + " logins");
			this.upstream = Child.start("upstream-polling-" + variant.name(), UpstreamMain.class,
					PollingStep.this.pinning.upstreamPrefix(), PollingStep.this.upstreamJvmArgs,
					List.of("--latency-ms=" + PollingStep.this.latency,
							"--gap-limit-ms=" + 2 * UPSTREAM_POLL_INTERVAL_MS),
					PollingStep.this.logs);
			String upstreamUrl = "http://127.0.0.1:" + this.upstream.port("upstream") + UpstreamMain.PATH;
			List<String> serverArgs = new ArrayList<>(List.of("--apps=app:TELEGRAM", "--upstream=" + upstreamUrl));
			serverArgs.addAll(variant.serverArgs());
			List<String> jvmArgs = new ArrayList<>(PollingStep.this.serverJvmArgs);
			jvmArgs.addAll(PollingStep.this.pinning.serverJvmArgs());
			jvmArgs.addAll(variant.serverJvmArgs());
			this.server = Child.start("server-polling-" + variant.name(), ServerMain.class,
					PollingStep.this.pinning.serverPrefix(), jvmArgs, serverArgs, PollingStep.this.logs);
			this.client = new LoadClient();
			this.base = URI.create("http://127.0.0.1:" + this.server.port("app"));
			long t0 = System.nanoTime();
			this.browsers = SimBrowser.open(this.client, this.base, variant.startPath(), n, 64);
			this.setupSeconds = (System.nanoTime() - t0) / 1e9;
			log(String.format("  %d pending logins in %.1f s", this.browsers.size(), this.setupSeconds));
			Thread.sleep(500);
			this.idleBusy = ((Number) m(this.server.control("/pools"), "app").get("busy")).longValue();
		}

		@Override
		public void close() {
			if (this.load != null) {
				this.load.close();
				this.load = null;
			}
			try {
				this.client.close();
			}
			catch (Exception ignored) {
			}
			this.server.close();
			this.upstream.close();
		}

	}

	/**
	 * How long polling that restarts after another variant's window runs before it is measured: {@code --poll-settle}
	 * s plus {@code --poll-settle-per-1000} s per 1,000 logins (an overloaded server's queue takes longer to reach its
	 * steady state with more browsers).
	 */
	private long settleMillis(int logins) {
		return Math.round(1000 * (this.settleSeconds + this.settlePerThousand * logins / 1000.0));
	}

	private void startPolling(Env env) {
		env.upstream.control("/polling-started");
		env.load = new PollingLoad(env.client, env.base, env.variant, this.interval, this.tabs, (b, o) -> {
		});
		env.load.start(env.browsers);
	}

	/** Stops the variant's polling and drains the server's backlog, so it never runs into another variant's window. */
	private static void stopPolling(Env env) throws InterruptedException {
		PollingLoad load = env.load;
		if (load == null) {
			return;
		}
		load.close();
		env.load = null;
		drain(load, env.server, env.idleBusy);
	}

	/**
	 * Starts the variant's polling and measures windows until the last three agree within the tolerance on answered
	 * polls/s and on server CPU per answered poll, or the cap; polling goes on afterwards.
	 */
	private Map<String, Object> warmUp(Env env) throws Exception {
		startPolling(env);
		List<Map<String, Object>> windows = new ArrayList<>();
		boolean converged = false;
		while (windows.size() < this.warmupMaxWindows && !converged) {
			Map<String, Object> w = measure(env, 0, this.warmupWindowSeconds);
			windows.add(map("answeredPerSecond", w.get("answeredPerSecond"), "serverCpuMsPerAnsweredPoll",
					v(w, "server", "cpuMsPerAnsweredPoll"), "p99Ms", v(w, "responseMs", "p99"), "errors",
					w.get("errors"), "shed", w.get("shed"), "serverCpuCores", v(w, "cpuCores", "server"), "jitCores",
					v(w, "server", "cpuCoresByThreads", "jit")));
			converged = agree(windows, this.warmupTolerance) && jitSettled(windows, this.warmupMaxJitCores);
		}
		log(String.format("  %s: warm-up %s after %d windows of %d s (JIT cores in the last: %s)", env.variant.name(),
				converged ? "converged" : "did NOT converge", windows.size(), this.warmupWindowSeconds,
				windows.get(windows.size() - 1).get("jitCores")));
		return map("converged", converged, "windows", windows.size(), "windowSeconds", this.warmupWindowSeconds,
				"figures", windows);
	}

	/**
	 * Whether the server's JIT compiler threads used at most {@code maxCores} in each of the last three windows (a
	 * window without the figure, where {@code /proc} cannot be read, does not hold the warm-up back).
	 */
	static boolean jitSettled(List<Map<String, Object>> windows, double maxCores) {
		if (windows.size() < 3) {
			return false;
		}
		return windows.subList(windows.size() - 3, windows.size())
			.stream()
			.allMatch((w) -> !(w.get("jitCores") instanceof Number jit) || jit.doubleValue() <= maxCores);
	}

	/** Whether the last three windows each lie within {@code tolerance} of their mean, on both figures. */
	static boolean agree(List<Map<String, Object>> windows, double tolerance) {
		if (windows.size() < 3) {
			return false;
		}
		List<Map<String, Object>> last = windows.subList(windows.size() - 3, windows.size());
		for (String key : List.of("answeredPerSecond", "serverCpuMsPerAnsweredPoll")) {
			double sum = 0;
			List<Double> values = new ArrayList<>();
			for (Map<String, Object> w : last) {
				if (!(w.get(key) instanceof Number x) || !(x.doubleValue() > 0)) {
					return false;
				}
				values.add(x.doubleValue());
				sum += x.doubleValue();
			}
			double mean = sum / 3;
			for (double x : values) {
				if (Math.abs(x - mean) > tolerance * mean) {
					return false;
				}
			}
		}
		return true;
	}

	/** One measured window of the variant's polling (which must be running): its figures. */
	private Map<String, Object> measure(Env env, int run, int windowSeconds) throws Exception {
		StatusWaiting.Variant variant = env.variant;
		Child server = env.server;
		Child upstream = env.upstream;
		PollingLoad load = env.load;
		int logins = env.browsers.size();
		long started0 = ((Number) server.control("/reset").get("totalStartedThreads")).longValue();
		upstream.control("/reset");
		Map<String, Object> serverJvm0 = server.control("/jvm");
		long serverCpu0 = Bench.cpu(serverJvm0);
		long upstreamCpu0 = Bench.cpu(upstream.control("/jvm"));
		long driverCpu0 = Control.cpuNanos();
		String load0 = Results.loadAverage();
		MachineCpu m0 = MachineCpu.now();
		load.record(true);
		long t0 = System.nanoTime();
		Thread.sleep(windowSeconds * 1000L);
		load.record(false);
		double measured = (System.nanoTime() - t0) / 1e9;
		Map<String, Object> answers = load.snapshot(measured);
		Map<String, Object> upstreamStats = upstream.control("/stats");
		Map<String, Object> serverJvm = server.control("/jvm");
		Map<String, Object> pools = server.control("/pools");
		long serverCpu1 = Bench.cpu(serverJvm);
		long upstreamCpu1 = Bench.cpu(upstream.control("/jvm"));
		long driverCpu1 = Control.cpuNanos();
		double machine = MachineCpu.now().busyCoresSince(m0);
		long verifyCalls = ((Number) upstreamStats.get("verifyCalls")).longValue();
		long ok = ((Number) answers.get("answered")).longValue();
		Number processedCount = (Number) v(pools, "requests", variant.statusPath());
		long processed = (processedCount != null) ? processedCount.longValue() : 0;
		double intervals = measured * 1000.0 / this.interval;
		double serverCores = (serverCpu1 - serverCpu0) / 1e9 / measured;
		double upstreamCores = (upstreamCpu1 - upstreamCpu0) / 1e9 / measured;
		double driverCores = (driverCpu1 - driverCpu0) / 1e9 / measured;
		double others = Math.max(0, machine - serverCores - upstreamCores - driverCores);
		long started = ((Number) serverJvm.get("totalStartedThreads")).longValue() - started0;
		Map<String, Object> appPool = m(pools, "app");
		double cpuMicrosPerLoginSecond = (serverCpu1 - serverCpu0) / 1e3 / logins / measured;
		long sessionsVerified = ((Number) upstreamStats.get("sessionsVerified")).longValue();
		long overLimit = ((Number) upstreamStats.get("sessionsOverGapLimit")).longValue();
		boolean everyLoginChecked = sessionsVerified >= logins && overLimit == 0
				&& upstreamStats.get("maxGapMs") instanceof Number gap
				&& gap.doubleValue() <= 2 * UPSTREAM_POLL_INTERVAL_MS;
		Map<String, Object> out = map("variant", variant.name(), "logins", logins, "run", run, "pendingLogins",
				logins, "setupSeconds", env.setupSeconds, "loginAgeSecondsAtEnd",
				(System.nanoTime() - env.startedNanos) / 1e9, "measuredSeconds", measured, "offeredPollsPerSecond",
				logins * 1000.0 / this.interval);
		out.putAll(answers);
		out.put("serverProcessedPolls", processed);
		out.put("serverProcessedPerSecond", processed / measured);
		out.put("upstream", map("verifyCalls", verifyCalls, "callsPerLoginPerInterval",
				verifyCalls / (double) logins / intervals, "callsPerProcessedPoll",
				processed > 0 ? verifyCalls / (double) processed : null, "maxCallsPerLoginInWindow",
				upstreamStats.get("maxVerifyCallsPerSession"), "intervalsInWindow", intervals, "sessionsPolled",
				sessionsVerified, "maxGapMs", upstreamStats.get("maxGapMs"), "sessionGapMs",
				upstreamStats.get("sessionGapMs"), "gapLimitMs", upstreamStats.get("gapLimitMs"),
				"sessionsOverGapLimit", overLimit, "everyLoginChecked", everyLoginChecked, "overGapLimit",
				upstreamStats.get("overGapLimit")));
		Map<String, Object> byThreads = serverCoresByThreads(serverJvm0, serverJvm, serverCores, measured);
		out.put("server", map("peakThreads", serverJvm.get("peakThreads"), "threadsStarted", started,
				"cpuCoresByThreads", byThreads,
				"threadsStartedPerProcessedPoll", processed > 0 ? started / (double) processed : null,
				"liveThreadsAtEnd", serverJvm.get("liveThreads"), "jettyPool", appPool,
				"heldRequestsMean", appPool.get("meanHeld"), "heldRequestsMax", appPool.get("maxHeldSeen"),
				"cpuMicrosPerLoginSecond", cpuMicrosPerLoginSecond,
				"threadsByNameMax", pools.get("threadsByNameMax"), "cpuCores", serverCores,
				"cpuMsPerProcessedPoll", processed > 0 ? (serverCpu1 - serverCpu0) / 1e6 / processed : null,
				"cpuMsPerAnsweredPoll", ok > 0 ? (serverCpu1 - serverCpu0) / 1e6 / ok : null));
		out.put("cpuCores", map("server", serverCores, "upstream", upstreamCores, "driver", driverCores,
				"machine", machine, "otherProcesses", others));
		out.put("loadAverage", load0 + " -> " + Results.loadAverage());
		log(String.format("  %s %s: answered %.0f/s of %.0f offered (processed %.0f/s), response p50 %s ms, p99 %s ms, "
				+ "errors %s, shed %s, server CPU %.3f ms per answered poll (%.0f us per login-second, %.2f cores), "
				+ "upstream calls/login/interval %.3f, largest gap between checks %s ms (%d logins over %d ms, %d of %d "
				+ "checked); cores: upstream %.2f, driver %.2f, other processes %.2f; server cores by threads: %s",
				variant.name(), (run == 0) ? "[warm-up]" : "run " + run, ok / measured, logins * 1000.0 / this.interval,
				processed / measured, v(answers, "responseMs", "p50"), v(answers, "responseMs", "p99"),
				answers.get("errors"), answers.get("shed"),
				ok > 0 ? (serverCpu1 - serverCpu0) / 1e6 / ok : Double.NaN, cpuMicrosPerLoginSecond, serverCores,
				verifyCalls / (double) logins / intervals, upstreamStats.get("maxGapMs"), overLimit,
				2 * UPSTREAM_POLL_INTERVAL_MS, sessionsVerified, logins, upstreamCores, driverCores, others,
				byThreads));
		return out;
	}

	/**
	 * The server's cores in a window by kind of thread ({@link Control#cpuNanosByThreads}), and
	 * {@code endedThreads}: the process's cores minus its live threads' (threads that ended in the window, such as
	 * one started per upstream answer); empty when the server could not tell.
	 */
	static Map<String, Object> serverCoresByThreads(Map<String, Object> before, Map<String, Object> after,
			double serverCores, double seconds) {
		Map<String, Object> out = new LinkedHashMap<>();
		if (!(before.get("cpuNanosByThreads") instanceof Map<?, ?> b)
				|| !(after.get("cpuNanosByThreads") instanceof Map<?, ?> a) || a.isEmpty()) {
			return out;
		}
		double live = 0;
		for (Map.Entry<?, ?> entry : a.entrySet()) {
			Object earlier = b.get(entry.getKey());
			double cores = (((Number) entry.getValue()).longValue()
					- ((earlier instanceof Number n) ? n.longValue() : 0L)) / 1e9 / seconds;
			// a thread that ended took its CPU time out of its kind's sum: never below zero here, counted as ended
			cores = Math.max(0, cores);
			out.put((String) entry.getKey(), Math.round(cores * 1000) / 1000.0);
			live += cores;
		}
		out.put("endedThreads", Math.round(Math.max(0, serverCores - live) * 1000) / 1000.0);
		return out;
	}

	/**
	 * Waits (at most 45 s) until the window's requests are answered or timed out, no request is held (long-poll) and
	 * the server's pool is idle with an empty queue, so that a backlog never runs into the next window (of another
	 * variant).
	 */
	private static void drain(PollingLoad load, Child server, long idleBusy) throws InterruptedException {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
		long t0 = System.nanoTime();
		while (System.nanoTime() < until) {
			Map<String, Object> pool = m(server.control("/pools"), "app");
			long busy = ((Number) pool.get("busy")).longValue();
			long queued = ((Number) pool.get("queued")).longValue();
			long held = ((Number) pool.get("held")).longValue();
			if (load.inFlight() == 0 && busy <= idleBusy && queued == 0 && held == 0) {
				break;
			}
			Thread.sleep(250);
		}
		double waited = (System.nanoTime() - t0) / 1e9;
		if (waited > 1) {
			log(String.format("  drained the window's backlog in %.1f s", waited));
		}
	}

	// ------------------------------------------------------------------ medians, comparisons, the goal

	/** A run's server CPU per answered poll, or +∞ when it answered none. */
	private static double cpuPerAnswered(Map<String, Object> run) {
		return (v(run, "server", "cpuMsPerAnsweredPoll") instanceof Number x) ? x.doubleValue()
				: Double.POSITIVE_INFINITY;
	}

	/**
	 * Per variant, the figures of its median run by server CPU per answered poll (the lower middle of an even count):
	 * one real window, every figure that run's own, never per-column medians that match no run. Latency percentiles
	 * are of answered polls only; shed answers (429/503/504) and errors are counted apart.
	 */
	static Map<String, Object> medians(List<Map<String, Object>> runs, List<StatusWaiting.Variant> variants) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (StatusWaiting.Variant v : variants) {
			List<Map<String, Object>> mine = new ArrayList<>(runs.stream()
				.filter((r) -> v.name().equals(r.get("variant")) && ((Number) r.get("run")).intValue() > 0)
				.toList());
			if (mine.isEmpty()) {
				continue;
			}
			mine.sort(Comparator.comparingDouble(PollingStep::cpuPerAnswered));
			Map<String, Object> r = mine.get((mine.size() - 1) / 2);
			out.put(v.name(), map(
					"runs", mine.size(),
					"medianRun", r.get("run"),
					"logins", r.get("logins"),
					"answeredPerSecond", r.get("answeredPerSecond"),
					"serverProcessedPerSecond", r.get("serverProcessedPerSecond"),
					"p50Ms", v(r, "responseMs", "p50"),
					"p99Ms", v(r, "responseMs", "p99"),
					"answeredCount", v(r, "responseMs", "count"),
					"heldP50Ms", v(r, "okLatencyMs", "p50"),
					"errors", r.get("errors"),
					"errorsByKind", r.get("errorsByKind"),
					"shed", r.get("shed"),
					"shedByKind", r.get("shedByKind"),
					"callsPerLoginPerInterval", v(r, "upstream", "callsPerLoginPerInterval"),
					"callsPerProcessedPoll", v(r, "upstream", "callsPerProcessedPoll"),
					"maxGapMs", v(r, "upstream", "maxGapMs"),
					"sessionsPolled", v(r, "upstream", "sessionsPolled"),
					"sessionsOverGapLimit", v(r, "upstream", "sessionsOverGapLimit"),
					"everyLoginChecked", v(r, "upstream", "everyLoginChecked"),
					"peakThreads", v(r, "server", "peakThreads"),
					"threadsStartedPerProcessedPoll", v(r, "server", "threadsStartedPerProcessedPoll"),
					"serverCpuCores", v(r, "server", "cpuCores"),
					"serverCpuMsPerProcessedPoll", v(r, "server", "cpuMsPerProcessedPoll"),
					"serverCpuMsPerAnsweredPoll", v(r, "server", "cpuMsPerAnsweredPoll"),
					"serverCpuMicrosPerLoginSecond", v(r, "server", "cpuMicrosPerLoginSecond"),
					"heldRequestsMean", v(r, "server", "heldRequestsMean"),
					"heldRequestsMax", v(r, "server", "heldRequestsMax"),
					"clientInFlightMean", r.get("inFlightMean"),
					"browsersFellBackToPolling", r.get("browsersFellBackToPolling"),
					"upstreamCpuCores", v(r, "cpuCores", "upstream"),
					"driverCpuCores", v(r, "cpuCores", "driver"),
					"otherProcessesCores", v(r, "cpuCores", "otherProcesses"),
					"loadAverage", r.get("loadAverage")));
		}
		return out;
	}

	/**
	 * "Ahead of the hand-written proxy": strictly more answered polls/s, a strictly lower p99 of answered polls and
	 * strictly less server CPU per answered poll, each variant's figures from its median run. For
	 * {@link #DEFAULT_BROWSER} (what counts for the goal) and for plain polling ({@code tglogin}), when measured;
	 * also how many of the interleaved runs (run r of each) were ahead on all three.
	 */
	static Map<String, Object> aheadRows(List<Map<String, Object>> runs, Map<String, Object> medians) {
		Map<String, Object> out = new LinkedHashMap<>();
		Map<String, Object> base = m(medians, BASELINE);
		for (String lib : List.of(DEFAULT_BROWSER, "tglogin")) {
			Map<String, Object> mine = m(medians, lib);
			if (mine == null || base == null) {
				continue;
			}
			Map<String, Object> row = compare(d(mine, "answeredPerSecond"), d(mine, "p99Ms"),
					d(mine, "serverCpuMsPerAnsweredPoll"), d(base, "answeredPerSecond"), d(base, "p99Ms"),
					d(base, "serverCpuMsPerAnsweredPoll"));
			int pairs = 0;
			int aheadPairs = 0;
			for (Map<String, Object> a : runs) {
				if (!lib.equals(a.get("variant")) || ((Number) a.get("run")).intValue() == 0) {
					continue;
				}
				for (Map<String, Object> b : runs) {
					if (BASELINE.equals(b.get("variant")) && b.get("run").equals(a.get("run"))) {
						pairs++;
						Map<String, Object> pair = compare(d(a, "answeredPerSecond"), d(a, "responseMs", "p99"),
								d(a, "server", "cpuMsPerAnsweredPoll"), d(b, "answeredPerSecond"),
								d(b, "responseMs", "p99"), d(b, "server", "cpuMsPerAnsweredPoll"));
						aheadPairs += Boolean.TRUE.equals(pair.get("ahead")) ? 1 : 0;
					}
				}
			}
			row.put("runPairs", pairs);
			row.put("runPairsAhead", aheadPairs);
			row.put("countsForGoal", DEFAULT_BROWSER.equals(lib));
			out.put(lib, row);
		}
		return out;
	}

	private static Map<String, Object> compare(double answered, double p99, double cpu, double baseAnswered,
			double baseP99, double baseCpu) {
		boolean moreAnswered = answered > baseAnswered;
		boolean lowerP99 = p99 < baseP99;
		boolean lessCpu = cpu < baseCpu;
		return map("answeredPerSecond", answered, "baselineAnsweredPerSecond", baseAnswered, "aheadOnAnswered",
				moreAnswered, "p99Ms", p99, "baselineP99Ms", baseP99, "aheadOnP99", lowerP99,
				"serverCpuMsPerAnsweredPoll", cpu, "baselineServerCpuMsPerAnsweredPoll", baseCpu, "aheadOnCpu", lessCpu,
				"ahead", moreAnswered && lowerP99 && lessCpu);
	}

	/**
	 * Issue 16's goal: "10,000 pending logins, default browser behaviour, 200 ms upstream, server JVM pinned to one
	 * core: p99 ≤ 250 ms for answered polls, 0 errors (shed answers counted separately, and 0 of them), every login
	 * checked upstream at least once per 2 × interval", from the median run of {@link #DEFAULT_BROWSER} at 10,000
	 * logins; "every login checked" = every login had a verify call in the window and no login's largest gap between
	 * two ending in the window (counted from when polling started at the earliest), nor the time from its last call to
	 * the window's end, exceeded 2 × the server's upstream poll interval.
	 */
	static Map<String, Object> goal10k(List<Map<String, Object>> points, boolean pinned, int latency) {
		Map<String, Object> point = null;
		for (Map<String, Object> p : points) {
			if (((Number) p.get("logins")).intValue() == GOAL_LOGINS) {
				point = p;
			}
		}
		Map<String, Object> median = (point != null) ? m(m(point, "medians"), DEFAULT_BROWSER) : null;
		if (median == null) {
			return map("measured", false, "met", false, "why", "no " + GOAL_LOGINS + "-logins point with "
					+ DEFAULT_BROWSER + " (run with --poll-n including " + GOAL_LOGINS + ")");
		}
		boolean logins = d(median, "logins") == GOAL_LOGINS;
		boolean p99 = d(median, "p99Ms") <= GOAL_P99_MS;
		boolean errors = d(median, "errors") == 0;
		boolean shed = d(median, "shed") == 0;
		boolean checked = Boolean.TRUE.equals(median.get("everyLoginChecked"))
				&& d(median, "sessionsPolled") >= d(median, "logins");
		boolean upstream = latency == GOAL_UPSTREAM_LATENCY_MS;
		int runsMet = 0;
		int runs = 0;
		for (Map<String, Object> r : list(point, "runs")) {
			if (DEFAULT_BROWSER.equals(r.get("variant")) && ((Number) r.get("run")).intValue() > 0) {
				runs++;
				boolean ok = d(r, "logins") == GOAL_LOGINS && d(r, "responseMs", "p99") <= GOAL_P99_MS
						&& d(r, "errors") == 0 && d(r, "shed") == 0
						&& Boolean.TRUE.equals(v(r, "upstream", "everyLoginChecked"))
						&& d(r, "upstream", "sessionsPolled") >= d(r, "logins");
				runsMet += ok ? 1 : 0;
			}
		}
		return map("measured", true, "variant", DEFAULT_BROWSER, "medianRun", median.get("medianRun"), "pinned",
				pinned, "upstreamLatencyMs", latency, "logins", median.get("logins"), "p99Ms", median.get("p99Ms"),
				"errors", median.get("errors"), "shed", median.get("shed"), "maxGapMs", median.get("maxGapMs"),
				"gapLimitMs", 2 * UPSTREAM_POLL_INTERVAL_MS, "sessionsChecked", median.get("sessionsPolled"),
				"sessionsOverGapLimit", median.get("sessionsOverGapLimit"),
				"conditions", map("logins", logins, "pinned", pinned, "upstreamLatency", upstream, "p99", p99,
						"errors", errors, "shed", shed, "everyLoginChecked", checked),
				"runs", runs, "runsMeetingAll", runsMet,
				"met", logins && pinned && upstream && p99 && errors && shed && checked);
	}

	// ------------------------------------------------------------------ JSON access

	@SuppressWarnings("unchecked")
	static Map<String, Object> m(Object map, String key) {
		return (map == null) ? null : (Map<String, Object>) ((Map<String, Object>) map).get(key);
	}

	@SuppressWarnings("unchecked")
	static Object v(Object map, String... path) {
		Object value = map;
		for (String key : path) {
			value = (value instanceof Map) ? ((Map<String, Object>) value).get(key) : null;
		}
		return value;
	}

	static double d(Object map, String... path) {
		return (v(map, path) instanceof Number n) ? n.doubleValue() : Double.NaN;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object map, String key) {
		Object value = v(map, key);
		return (value == null) ? List.of() : (List<Map<String, Object>>) value;
	}

}
