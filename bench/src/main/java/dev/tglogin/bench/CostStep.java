package dev.tglogin.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code cost} step: server CPU per unit of work, side by side in one server JVM (one Jetty chain per app, the
 * same {@code SecurityFilterChain} with {@code telegramLogin()}), against one upstream JVM answering after the
 * configured latency.
 * <ul>
 * <li>{@code get}: an unrelated {@code GET /} with a browser's session cookie, at the same rate as the next one;</li>
 * <li>{@code memory}: a plain {@code POST /status} answered from the login's last known state (app {@code mem},
 * {@code upstreamPollInterval} 1 h: after each login's first check nothing goes upstream);</li>
 * <li>{@code default}: N logins polled as {@code tglogin.js} does without long-poll (a poll every 2 s), default
 * settings: server CPU per login-second, and from it the CPU per upstream check,
 * {@code (cpu - answered polls × memory cost of the same round) / upstream calls};</li>
 * <li>{@code tabs}: 3 tabs polling each login, default settings: upstream calls per login per interval (and the polls
 * shed);</li>
 * <li>{@code webhook}: N logins with webhooks on, long-polling as {@code tglogin.js} does: server CPU per
 * login-second and upstream calls while pending.</li>
 * </ul>
 * Rounds interleave {@code get}, {@code memory} and {@code default} (the first round is a discarded warm-up); each
 * figure is the median over rounds of that round's figure (ratios per round, then their median). Server CPU is the
 * process's CPU time during the window minus its idle rate measured in the same round (the control port's samplers).
 */
final class CostStep {

	private static final String STATUS = "/login/telegram/status";

	private static final long MEMORY_INTERVAL_MS = 3_600_000;

	/** Each login polled at most once per 1.2 s in {@code memory}, under the throttle's 60 per minute per session. */
	private static final long MEMORY_POLL_MS = 1200;

	private static final long SETTLE_AFTER_CHECKS_MS = 7000;

	private final Path logs;

	private final List<String> serverJvmArgs;

	private final int logins;

	private final int seconds;

	private final int rounds;

	private final int latency;

	private final int tabs;

	CostStep(Path logs, List<String> serverJvmArgs, int logins, int seconds, int rounds, int latency, int tabs) {
		this.logs = logs;
		this.serverJvmArgs = serverJvmArgs;
		this.logins = logins;
		this.seconds = seconds;
		this.rounds = rounds;
		this.latency = latency;
		this.tabs = tabs;
	}

	/** Issue 16's two-instances row, measured at the end of the step ({@link TwoInstancesPhase}). */
	private TwoInstancesPhase twoInstances;

	CostStep twoInstances(TwoInstancesPhase phase) {
		this.twoInstances = phase;
		return this;
	}

	Map<String, Object> run() throws Exception {
		Map<String, Object> out = measure();
		// after this step's JVMs are gone: two servers sharing PostgreSQL (results under "twoInstances")
		if (this.twoInstances != null) {
			out.put("twoInstances", this.twoInstances.run());
		}
		return out;
	}

	private Map<String, Object> measure() throws Exception {
		try (Child upstream = Child.start("upstream-cost", UpstreamMain.class,
				List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC"), List.of("--latency-ms=" + this.latency), this.logs);
				Child server = Child.start("server-cost", ServerMain.class, this.serverJvmArgs,
						List.of("--apps=mem:TELEGRAM:interval=" + MEMORY_INTERVAL_MS + ",dflt:TELEGRAM,tabs:TELEGRAM,"
								+ "hook:TELEGRAM:webhook", "--upstream=http://127.0.0.1:" + upstream.port("upstream")
										+ UpstreamMain.PATH),
						this.logs);
				LoadClient client = new LoadClient()) {
			Map<String, URI> base = new LinkedHashMap<>();
			Map<String, List<SimBrowser>> browsers = new LinkedHashMap<>();
			for (String app : List.of("mem", "dflt", "tabs", "hook")) {
				base.put(app, URI.create("http://127.0.0.1:" + server.port(app)));
				browsers.put(app, SimBrowser.open(client, base.get(app), "/login/telegram/start", this.logins, 32));
			}
			Window window = new Window(server, upstream);
			List<Map<String, Object>> roundsOut = new ArrayList<>();
			for (int round = 0; round <= this.rounds; round++) {
				Map<String, Object> r = new LinkedHashMap<>();
				r.put("round", round);
				r.put("discardedWarmUp", round == 0);
				double idleCores = window.idleCores();
				r.put("idleServerCores", idleCores);
				try (GetLoad get = new GetLoad(client, base.get("mem").resolve("/"), MEMORY_POLL_MS)) {
					get.start(browsers.get("mem"));
					r.put("get", window.measure(this.seconds, idleCores, get::answered, get::failed, "mem", "/"));
				}
				Thread.sleep(1000);
				try (PollingLoad load = new PollingLoad(client, base.get("mem"), StatusWaiting.variant("tglogin"),
						MEMORY_POLL_MS, (b, o) -> {
						})) {
					load.start(browsers.get("mem"));
					r.put("memory", window.measure(this.seconds, idleCores, load, "mem", STATUS));
				}
				Thread.sleep(1000);
				try (PollingLoad load = new PollingLoad(client, base.get("dflt"), StatusWaiting.variant("tglogin"),
						2000, (b, o) -> {
						})) {
					load.start(browsers.get("dflt"));
					r.put("default", window.measure(this.seconds, idleCores, load, "dflt", STATUS));
				}
				Thread.sleep(SETTLE_AFTER_CHECKS_MS);
				roundsOut.add(r);
				Bench.log(String.format("  cost round %d%s: in the chain: GET %.1f us, poll from memory %.1f us; process: GET %.1f us, poll from memory %.1f us, default %.1f us "
						+ "per login-second (%.2f upstream calls/login/interval), idle server %.3f cores, load %s", round,
						round == 0 ? " (warm-up, discarded)" : "", chainMicros(r, "get"), chainMicros(r, "memory"),
						micros(r, "get"), micros(r, "memory"),
						perLoginSecond(r, "default"), callsPerLoginPerInterval(r, "default"), idleCores,
						Results.loadAverage()));
			}
			Map<String, Object> tabsOut;
			try (PollingLoad load = new PollingLoad(client, base.get("tabs"), StatusWaiting.variant("tglogin"), 2000,
					this.tabs, (b, o) -> {
					})) {
				load.start(browsers.get("tabs"));
				Thread.sleep(5000);
				// a whole minute: the throttle's status limit per session counts per minute
				tabsOut = window.measure(Math.max(this.seconds, 60), window.idleCoresFromRounds(roundsOut), load, "tabs",
						STATUS);
			}
			Thread.sleep(SETTLE_AFTER_CHECKS_MS);
			Map<String, Object> hookOut;
			try (PollingLoad load = new PollingLoad(client, base.get("hook"), StatusWaiting.variant("tglogin-longpoll"),
					2000, (b, o) -> {
					})) {
				load.start(browsers.get("hook"));
				Thread.sleep(10_000);
				hookOut = window.measure(Math.max(this.seconds, 30), window.idleCoresFromRounds(roundsOut), load, "hook",
						STATUS);
			}
			return summary(roundsOut, tabsOut, hookOut);
		}
	}

	private Map<String, Object> summary(List<Map<String, Object>> rounds, Map<String, Object> tabsOut,
			Map<String, Object> hookOut) {
		List<Map<String, Object>> measured = rounds.stream().filter((r) -> !(Boolean) r.get("discardedWarmUp")).toList();
		List<Double> get = new ArrayList<>();
		List<Double> memory = new ArrayList<>();
		List<Double> ratio = new ArrayList<>();
		List<Double> getProcess = new ArrayList<>();
		List<Double> memoryProcess = new ArrayList<>();
		List<Double> check = new ArrayList<>();
		List<Double> dflt = new ArrayList<>();
		for (Map<String, Object> r : measured) {
			double g = chainMicros(r, "get");
			double cm = chainMicros(r, "memory");
			double m = micros(r, "memory");
			get.add(g);
			memory.add(cm);
			ratio.add(cm / g);
			getProcess.add(micros(r, "get"));
			memoryProcess.add(m);
			Map<String, Object> d = window(r, "default");
			long calls = ((Number) d.get("upstreamCalls")).longValue();
			double cpu = ((Number) d.get("serverCpuMicros")).doubleValue();
			long answered = ((Number) d.get("answered")).longValue();
			check.add(calls > 0 ? (cpu - answered * m) / calls : Double.NaN);
			dflt.add(perLoginSecond(r, "default"));
		}
		double hookPerLoginSecond = ((Number) hookOut.get("serverCpuMicros")).doubleValue() / this.logins
				/ ((Number) hookOut.get("seconds")).doubleValue();
		double hookSeconds = ((Number) hookOut.get("seconds")).doubleValue();
		long hookMaxPerLogin = ((Number) hookOut.get("maxUpstreamCallsPerLogin")).longValue();
		double tabsCalls = ((Number) tabsOut.get("upstreamCallsPerLoginPerInterval")).doubleValue();
		long tabsMaxPerLogin = ((Number) tabsOut.get("maxUpstreamCallsPerLogin")).longValue();
		double tabsSeconds = ((Number) tabsOut.get("seconds")).doubleValue();
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("getMicros", Stats.median(get));
		figures.put("memoryPollMicros", Stats.median(memory));
		figures.put("memoryOverGet", Stats.median(ratio));
		figures.put("getProcessMicros", Stats.median(getProcess));
		figures.put("memoryPollProcessMicros", Stats.median(memoryProcess));
		figures.put("upstreamCheckMicros", Stats.median(check));
		figures.put("defaultMicrosPerLoginSecond", Stats.median(dflt));
		figures.put("webhookLongPollMicrosPerLoginSecond", hookPerLoginSecond);
		figures.put("webhookUpstreamCallsPerLoginPerInterval", hookOut.get("upstreamCallsPerLoginPerInterval"));
		figures.put("webhookMaxUpstreamCallsPerLogin", hookMaxPerLogin);
		figures.put("tabsUpstreamCallsPerLoginPerInterval", tabsCalls);
		figures.put("tabsMaxUpstreamCallsPerLogin", tabsMaxPerLogin);
		figures.put("tabsWindowSeconds", tabsSeconds);
		figures.put("tabsShed", tabsOut.get("shed"));
		Map<String, Object> goals = new LinkedHashMap<>();
		goals.put("memoryPoll", Stats.median(memory) <= 60 && Stats.median(ratio) <= 1.2);
		goals.put("upstreamCheck", Stats.median(check) <= 100);
		goals.put("defaultPerLoginSecond", Stats.median(dflt) <= 80);
		goals.put("webhookPerLoginSecond", hookPerLoginSecond <= 10);
		// ≤ 1 per interval: no login had more calls in the window than one per whole interval in it, plus one the
		// window's start may cut (the mean over logins is reported beside it)
		goals.put("tabs", tabsMaxPerLogin <= (long) Math.floor(tabsSeconds / 2.0) + 1);
		// 0 while pending, but for a slow fallback at least 15 s apart
		goals.put("webhookUpstreamCalls", hookMaxPerLogin <= (long) Math.floor(hookSeconds / 15.0) + 1);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("figures", figures);
		out.put("goalsMet", goals);
		out.put("rounds", rounds);
		out.put("tabs", tabsOut);
		out.put("webhook", hookOut);
		return out;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> window(Map<String, Object> round, String key) {
		return (Map<String, Object>) round.get(key);
	}

	private static double micros(Map<String, Object> round, String key) {
		return ((Number) window(round, key).get("serverCpuMicrosPerAnswer")).doubleValue();
	}

	private static double chainMicros(Map<String, Object> round, String key) {
		Object value = window(round, key).get("chainCpuMicrosPerRequest");
		return (value instanceof Number n) ? n.doubleValue() : Double.NaN;
	}

	private double perLoginSecond(Map<String, Object> round, String key) {
		Map<String, Object> w = window(round, key);
		return ((Number) w.get("serverCpuMicros")).doubleValue() / this.logins / ((Number) w.get("seconds")).doubleValue();
	}

	private static double callsPerLoginPerInterval(Map<String, Object> round, String key) {
		return ((Number) window(round, key).get("upstreamCallsPerLoginPerInterval")).doubleValue();
	}

	/** Measures the server's CPU and the upstream's calls during a window. */
	private final class Window {

		private final Child server;

		private final Child upstream;

		Window(Child server, Child upstream) {
			this.server = server;
			this.upstream = upstream;
		}

		/** The server's CPU rate with no load (its samplers, timers), over 3 s. */
		double idleCores() throws Exception {
			long c0 = cpu();
			long t0 = System.nanoTime();
			Thread.sleep(3000);
			return (cpu() - c0) / (double) (System.nanoTime() - t0);
		}

		double idleCoresFromRounds(List<Map<String, Object>> rounds) {
			return Stats.median(rounds.stream().map((r) -> (Number) r.get("idleServerCores")).toList());
		}

		Map<String, Object> measure(int seconds, double idleCores, PollingLoad load, String app, String path)
				throws Exception {
			List<Map<String, Object>> snapshot = new ArrayList<>();
			Map<String, Object> out = measure(seconds, idleCores, app, path, () -> load.record(true), (s) -> {
				load.record(false);
				snapshot.add(load.snapshot(s));
			});
			Map<String, Object> answers = snapshot.get(0);
			long answered = ((Number) answers.get("answered")).longValue();
			out.put("answered", answered);
			out.put("shed", answers.get("shed"));
			out.put("errors", answers.get("errors"));
			out.put("errorsByKind", answers.get("errorsByKind"));
			out.put("shedByKind", answers.get("shedByKind"));
			out.put("tabsPerLogin", answers.get("tabsPerLogin"));
			out.put("okLatencyMs", answers.get("okLatencyMs"));
			out.put("serverCpuMicrosPerAnswer", ((Number) out.get("serverCpuMicros")).doubleValue() / answered);
			return out;
		}

		Map<String, Object> measure(int seconds, double idleCores, java.util.function.LongSupplier answered,
				java.util.function.LongSupplier failed, String app, String path) throws Exception {
			long[] a0 = new long[2];
			Map<String, Object> out = measure(seconds, idleCores, app, path, () -> {
				a0[0] = answered.getAsLong();
				a0[1] = failed.getAsLong();
			}, (s) -> {
			});
			long ok = answered.getAsLong() - a0[0];
			out.put("answered", ok);
			out.put("errors", failed.getAsLong() - a0[1]);
			out.put("serverCpuMicrosPerAnswer", ((Number) out.get("serverCpuMicros")).doubleValue() / ok);
			return out;
		}

		private Map<String, Object> measure(int seconds, double idleCores, String app, String path, Runnable begin,
				java.util.function.DoubleConsumer end) throws Exception {
			Thread.sleep(2000);
			String load0 = Results.loadAverage();
			MachineCpu m0 = MachineCpu.now();
			this.upstream.control("/reset");
			long calls0 = verifyCalls();
			long[] chain0 = chainCpu(app, path);
			long c0 = cpu();
			long t0 = System.nanoTime();
			begin.run();
			Thread.sleep(seconds * 1000L);
			long c1 = cpu();
			long[] chain1 = chainCpu(app, path);
			double measured = (System.nanoTime() - t0) / 1e9;
			end.accept(measured);
			Map<String, Object> stats = this.upstream.control("/stats");
			long calls = ((Number) stats.get("verifyCalls")).longValue() - calls0;
			double serverCpuMicros = (c1 - c0) / 1e3 - idleCores * measured * 1e6;
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("seconds", measured);
			out.put("serverCpuMicros", serverCpuMicros);
			out.put("serverCores", (c1 - c0) / 1e9 / measured);
			long requests = chain1[0] - chain0[0];
			out.put("chainRequests", requests);
			out.put("chainCpuMicrosPerRequest", requests > 0 ? (chain1[1] - chain0[1]) / 1e3 / requests : null);
			out.put("upstreamCalls", calls);
			out.put("upstreamCallsPerLoginPerInterval", calls / (double) CostStep.this.logins / (measured / 2.0));
			out.put("maxUpstreamCallsPerLogin", stats.get("maxVerifyCallsPerSession"));
			out.put("machineCores", MachineCpu.now().busyCoresSince(m0));
			out.put("loadAverage", load0 + " -> " + Results.loadAverage());
			return out;
		}

		private long cpu() throws Exception {
			return ((Number) this.server.control("/jvm").get("cpuNanos")).longValue();
		}

		/** Requests finished on the path of an app and the thread CPU time spent in its chain (all dispatches). */
		@SuppressWarnings("unchecked")
		private long[] chainCpu(String app, String path) throws Exception {
			Map<String, Object> paths = (Map<String, Object>) this.server.control("/requestCpu").get(app);
			Map<String, Object> one = (paths != null) ? (Map<String, Object>) paths.get(path) : null;
			return (one == null) ? new long[2] : new long[] { ((Number) one.get("count")).longValue(),
					((Number) one.get("cpuNanos")).longValue() };
		}

		private long verifyCalls() throws Exception {
			return ((Number) this.upstream.control("/stats").get("verifyCalls")).longValue();
		}

	}

	/** Each browser sends {@code GET /} with its session cookie every {@code intervalMs} after the answer. */
	private static final class GetLoad implements AutoCloseable {

		private final LoadClient client;

		private final URI uri;

		private final long intervalMs;

		private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

		private final LongAdder answered = new LongAdder();

		private final LongAdder failed = new LongAdder();

		private volatile boolean running = true;

		GetLoad(LoadClient client, URI uri, long intervalMs) {
			this.client = client;
			this.uri = uri;
			this.intervalMs = intervalMs;
		}

		void start(List<SimBrowser> browsers) {
			for (SimBrowser browser : browsers) {
				this.scheduler.schedule(() -> get(browser), ThreadLocalRandom.current().nextLong(this.intervalMs),
						TimeUnit.MILLISECONDS);
			}
		}

		private void get(SimBrowser browser) {
			if (!this.running) {
				return;
			}
			this.client.get(this.uri, browser, "text/html").whenComplete((answer, ex) -> {
				if (answer != null && answer.status() == 200) {
					this.answered.increment();
				}
				else {
					this.failed.increment();
				}
				try {
					this.scheduler.schedule(() -> get(browser), this.intervalMs, TimeUnit.MILLISECONDS);
				}
				catch (java.util.concurrent.RejectedExecutionException closed) {
					// closed meanwhile
				}
			});
		}

		long answered() {
			return this.answered.sum();
		}

		long failed() {
			return this.failed.sum();
		}

		@Override
		public void close() {
			this.running = false;
			this.scheduler.shutdownNow();
		}

	}

}
