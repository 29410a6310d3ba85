package dev.tglogin.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark driver: {@code --step=jmh|throughput|polling|heap|confirm|report}, each writing
 * {@code bench/results/<step>.json} (the report step writes {@code docs/benchmarks.md} from those files). Run through
 * {@code bench/run.sh}, which builds everything and passes the settings; every {@code --key=value} below has a full
 * and a quick default ({@code --quick}).
 */
public final class Bench {

	private final Map<String, String> options;

	private final boolean quick;

	private final Path results;

	private final Path logs;

	private final String command;

	private final double quietCores;

	private final int quietWait;

	private Bench(Map<String, String> options) {
		this.options = options;
		this.quick = options.containsKey("quick");
		this.results = Path.of(options.getOrDefault("results", "bench/results"));
		this.logs = Path.of(options.getOrDefault("logs", "bench/target/logs"));
		this.command = System.getProperty("bench.command", "bash bench/run.sh");
		this.quietCores = Double.parseDouble(options.getOrDefault("quiet-cores", "0.5"));
		this.quietWait = Integer.parseInt(options.getOrDefault("quiet-wait", this.quick ? "0" : "20"));
	}

	/**
	 * Before a step: waits (at most {@code --quiet-wait} seconds) until the machine uses at most
	 * {@code --quiet-cores} cores (the benchmark is not running then, so that is other processes), and returns what
	 * was used in the last 2 s sample.
	 */
	private double quiet() throws InterruptedException {
		return MachineCpu.waitForQuiet(this.quietCores, this.quietWait);
	}

	public static void main(String[] args) throws Exception {
		Control.quietLogging();
		Bench bench = new Bench(Args.parse(args));
		String step = bench.options.getOrDefault("step", "report");
		switch (step) {
			case "jmh" -> bench.jmh();
			case "throughput" -> bench.throughput();
			case "polling" -> bench.polling();
			case "heap" -> bench.heap();
			case "confirm" -> bench.confirm();
			case "cost" -> bench.cost();
			case "fcp" -> bench.fcp();
			case "report" -> Report.write(bench.results, Path.of(bench.options.getOrDefault("out", "docs/benchmarks.md")));
			default -> throw new IllegalArgumentException("unknown step " + step);
		}
		System.exit(0);
	}

	// ------------------------------------------------------------------ settings

	private int integer(String key, int full, int quick) {
		return Integer.parseInt(this.options.getOrDefault(key, Integer.toString(this.quick ? quick : full)));
	}

	private String string(String key, String full, String quick) {
		return this.options.getOrDefault(key, this.quick ? quick : full);
	}

	private Map<String, Object> header(String step, Map<String, Object> settings) {
		settings.put("quick", this.quick);
		return Results.header(step, this.command, "bash bench/run.sh --only " + step + (this.quick ? " --quick" : ""),
				settings);
	}

	private static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			out.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return out;
	}

	static void log(String message) {
		System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
	}

	// ------------------------------------------------------------------ 1. JMH

	private void jmh() throws Exception {
		int forks = integer("jmh-forks", 3, 1);
		int warmups = integer("jmh-warmups", 10, 5);
		int iterations = integer("jmh-iterations", 5, 3);
		Options options = new OptionsBuilder().include(ProofAuthenticationBenchmark.class.getName() + "\\.")
			.forks(forks)
			.warmupIterations(warmups)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(iterations)
			.measurementTime(TimeValue.seconds(1))
			.threads(1)
			.jvmArgs("-Xms1g", "-Xmx1g", "-XX:+UseG1GC")
			.resultFormat(ResultFormatType.JSON)
			.result("bench/target/jmh-raw.json")
			.build();
		double busyBefore = quiet();
		MachineCpu m0 = MachineCpu.now();
		log("JMH: " + forks + " forks x (" + warmups + " x 1 s warm-up + " + iterations + " x 1 s measurement)");
		Collection<RunResult> runs = new Runner(options).run();
		double machineBusy = MachineCpu.now().busyCoresSince(m0);
		int cpuRounds = integer("cpu-rounds", 15, 6);
		log("CPU-time cross-check: " + cpuRounds + " interleaved rounds");
		Map<String, Object> cpuCheck = CpuTimeCheck.run(5, cpuRounds, 20_000);
		log("  " + cpuCheck.get("cpuNsPerOpMedian") + ", (a)/(b) " + cpuCheck.get("ratioAOverBMedian"));
		Map<String, Object> benchmarks = new LinkedHashMap<>();
		for (RunResult run : runs) {
			String name = run.getParams().getBenchmark();
			name = name.substring(name.lastIndexOf('.') + 1);
			List<Double> forkScores = new ArrayList<>();
			for (BenchmarkResult fork : run.getBenchmarkResults()) {
				forkScores.add(fork.getPrimaryResult().getScore());
			}
			benchmarks.put(name, map("unit", run.getPrimaryResult().getScoreUnit(), "score",
					run.getPrimaryResult().getScore(), "error999", run.getPrimaryResult().getScoreError(),
					"forkScores", forkScores, "medianOfForks", Stats.median(forkScores)));
		}
		Map<String, Object> out = header("jmh", map("forks", forks, "warmupIterations", warmups, "warmupTime", "1 s",
				"measurementIterations", iterations, "measurementTime", "1 s", "threads", 1, "mode",
				"average time per operation", "jvmArgs", "-Xms1g -Xmx1g -XX:+UseG1GC",
				"jmhCommand", "java -cp bench/target/classes:bench/target/lib/* org.openjdk.jmh.Main "
						+ "ProofAuthenticationBenchmark -f " + forks + " -wi " + warmups + " -w 1s -i " + iterations
						+ " -r 1s"));
		out.put("benchmarks", benchmarks);
		out.put("cpuTimeCheck", cpuCheck);
		out.put("machineBusyCores", map("before", busyBefore, "during", machineBusy, "note",
				"JMH runs one thread in a forked JVM: about 1 core is the benchmark itself"));
		Results.write(this.results.resolve("jmh.json"), out);
	}

	// ------------------------------------------------------------------ 2. throughput of unrelated requests

	private void throughput() throws Exception {
		int pairs = integer("tp-pairs", 10, 3);
		int seconds = integer("tp-seconds", 5, 3);
		int warmup = integer("tp-warmup", 10, 5);
		int connections = integer("tp-connections", 16, 16);
		boolean wrk = !"java".equals(this.options.get("tp-generator")) && onPath("wrk");
		String generator = wrk ? "wrk -t1 -c" + connections + " -d" + seconds + "s --latency" : "Java loop ("
				+ connections + " connections, closed loop, Jetty HttpClient)";
		log("throughput: " + pairs + " A/B pairs of " + seconds + " s with " + generator);
		List<Map<String, Object>> runs = new ArrayList<>();
		List<Double> ratios = new ArrayList<>();
		List<Double> plain = new ArrayList<>();
		List<Double> telegram = new ArrayList<>();
		List<Double> cpuRatios = new ArrayList<>();
		double busyBefore;
		try (Child server = Child.start("server-throughput", ServerMain.class, serverJvmArgs(),
				List.of("--apps=plain:PLAIN,telegram:TELEGRAM"), this.logs)) {
			URI plainUri = URI.create("http://127.0.0.1:" + server.port("plain") + "/");
			URI telegramUri = URI.create("http://127.0.0.1:" + server.port("telegram") + "/");
			checkPage(plainUri);
			checkPage(telegramUri);
			busyBefore = quiet();
			load(server, plainUri, connections, warmup, wrk);
			load(server, telegramUri, connections, warmup, wrk);
			for (int i = 0; i < pairs; i++) {
				boolean plainFirst = i % 2 == 0;
				Map<String, Object> first = load(server, plainFirst ? plainUri : telegramUri, connections, seconds, wrk);
				Map<String, Object> second = load(server, plainFirst ? telegramUri : plainUri, connections, seconds, wrk);
				Map<String, Object> a = plainFirst ? first : second;
				Map<String, Object> b = plainFirst ? second : first;
				double ra = ((Number) a.get("requestsPerSecond")).doubleValue();
				double rb = ((Number) b.get("requestsPerSecond")).doubleValue();
				plain.add(ra);
				telegram.add(rb);
				ratios.add(rb / ra);
				double cpuRatio = ((Number) b.get("serverCpuMicrosPerRequest")).doubleValue()
						/ ((Number) a.get("serverCpuMicrosPerRequest")).doubleValue();
				cpuRatios.add(cpuRatio);
				runs.add(map("pair", i + 1, "order", plainFirst ? "A,B" : "B,A", "withoutTelegramLogin", a,
						"withTelegramLogin", b, "ratio", rb / ra, "serverCpuPerRequestRatio", cpuRatio));
				log(String.format("  pair %d: without %.0f req/s (%.1f us CPU/req), with %.0f req/s (%.1f us CPU/req), "
						+ "throughput ratio %.4f, CPU/req ratio %.4f", i + 1, ra, a.get("serverCpuMicrosPerRequest"), rb,
						b.get("serverCpuMicrosPerRequest"), rb / ra, cpuRatio));
			}
		}
		Map<String, Object> out = header("throughput", map("pairs", pairs, "secondsPerRun", seconds,
				"warmupSecondsPerApp", warmup, "connections", connections, "generator", generator, "request",
				"GET / (public page, anonymous, no session) through the SecurityFilterChain", "serverJvmArgs",
				String.join(" ", serverJvmArgs()), "serverThreadPool", "Jetty QueuedThreadPool max "
						+ BenchApp.MAX_THREADS + " min " + BenchApp.MIN_THREADS));
		out.put("runs", runs);
		out.put("otherProcessesCoresBefore", busyBefore);
		out.put("summary", map("medianWithout", Stats.median(plain), "medianWith", Stats.median(telegram),
				"medianRatio", Stats.median(ratios), "minRatio", ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
				"maxRatio", ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), "goal", 0.98,
				"medianCpuPerRequestRatio", Stats.median(cpuRatios), "medianCpuMicrosWithout",
				Stats.median(runs.stream().map((r) -> (Number) ((Map<?, ?>) r.get("withoutTelegramLogin")).get("serverCpuMicrosPerRequest")).toList()),
				"medianCpuMicrosWith",
				Stats.median(runs.stream().map((r) -> (Number) ((Map<?, ?>) r.get("withTelegramLogin")).get("serverCpuMicrosPerRequest")).toList())));
		Results.write(this.results.resolve("throughput.json"), out);
	}

	private static void checkPage(URI uri) throws Exception {
		try (LoadClient client = new LoadClient()) {
			LoadClient.Answer answer = client.get(uri, null, "text/html").get();
			if (answer.status() != 200) {
				throw new IllegalStateException(uri + " answered " + answer.status());
			}
		}
	}

	/** One load run, with the CPU used by the server, the load generator and the rest of the machine. */
	private Map<String, Object> load(Child server, URI uri, int connections, int seconds, boolean wrk)
			throws Exception {
		MachineCpu m0 = MachineCpu.now();
		long server0 = cpu(server.control("/jvm"));
		long driver0 = Control.cpuNanos() + MachineCpu.reapedChildrenCpuNanos();
		long t0 = System.nanoTime();
		Map<String, Object> out = wrk ? wrk(uri, connections, seconds) : javaLoop(uri, connections, seconds);
		double elapsed = (System.nanoTime() - t0) / 1e9;
		double machine = MachineCpu.now().busyCoresSince(m0);
		double serverCores = (cpu(server.control("/jvm")) - server0) / 1e9 / elapsed;
		double generatorCores = (Control.cpuNanos() + MachineCpu.reapedChildrenCpuNanos() - driver0) / 1e9 / elapsed;
		out.put("cpuCores", map("server", serverCores, "loadGenerator", generatorCores, "machine", machine,
				"otherProcesses", Math.max(0, machine - serverCores - generatorCores)));
		double requests = ((Number) out.get("requestsPerSecond")).doubleValue() * seconds;
		out.put("serverCpuMicrosPerRequest", requests > 0 ? serverCores * elapsed * 1e6 / requests : null);
		return out;
	}

	private static final Pattern WRK_RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern WRK_NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");

	private static final Pattern WRK_SOCKET = Pattern.compile("Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)");

	private static final Pattern WRK_PCT = Pattern.compile("^\\s+(50|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

	private static Map<String, Object> wrk(URI uri, int connections, int seconds) throws Exception {
		Process process = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency",
				uri.toString()).redirectErrorStream(true).start();
		String output;
		try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			output = String.join("\n", in.lines().toList());
		}
		process.waitFor();
		Matcher rps = WRK_RPS.matcher(output);
		if (!rps.find()) {
			throw new IllegalStateException("wrk output not understood:\n" + output);
		}
		Map<String, Object> out = map("requestsPerSecond", Double.parseDouble(rps.group(1)));
		Matcher non2xx = WRK_NON2XX.matcher(output);
		out.put("non2xx", non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0L);
		Matcher socket = WRK_SOCKET.matcher(output);
		long socketErrors = 0;
		if (socket.find()) {
			for (int g = 1; g <= 4; g++) {
				socketErrors += Long.parseLong(socket.group(g));
			}
		}
		out.put("socketErrors", socketErrors);
		Matcher pct = WRK_PCT.matcher(output);
		while (pct.find()) {
			double value = Double.parseDouble(pct.group(2));
			double ms = switch (pct.group(3)) {
				case "us" -> value / 1000;
				case "s" -> value * 1000;
				default -> value;
			};
			out.put("p" + pct.group(1) + "Ms", ms);
		}
		return out;
	}

	/** The fallback when wrk is not installed: {@code connections} closed loops for {@code seconds}. */
	private static Map<String, Object> javaLoop(URI uri, int connections, int seconds) throws Exception {
		try (LoadClient client = new LoadClient()) {
			AtomicLong done = new AtomicLong();
			AtomicLong errors = new AtomicLong();
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
			CountDownLatch finished = new CountDownLatch(connections);
			for (int i = 0; i < connections; i++) {
				loop(client, uri, end, done, errors, finished);
			}
			finished.await();
			return map("requestsPerSecond", done.get() / (double) seconds, "non2xx", errors.get(), "socketErrors", 0L);
		}
	}

	private static void loop(LoadClient client, URI uri, long end, AtomicLong done, AtomicLong errors,
			CountDownLatch finished) {
		if (System.nanoTime() >= end) {
			finished.countDown();
			return;
		}
		client.get(uri, null, "text/html").whenComplete((answer, ex) -> {
			if (System.nanoTime() < end) {
				done.incrementAndGet();
				if (answer == null || answer.status() != 200) {
					errors.incrementAndGet();
				}
			}
			loop(client, uri, end, done, errors, finished);
		});
	}

	private static boolean onPath(String program) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

	private List<String> serverJvmArgs() {
		// 2 GiB: Jetty keeps a header-field cache of about 77 KB per open connection (HttpParser's ArrayTrie), so
		// 10,000 browsers' connections alone take about 770 MB; with 1 GiB the server ran out of heap at 10,000
		List<String> args = new ArrayList<>(List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC"));
		// extra options for diagnostics, e.g. a JFR recording of the server; not for published figures
		String extra = System.getenv().getOrDefault("BENCH_SERVER_JVM_OPTS", "").trim();
		if (!extra.isEmpty()) {
			args.addAll(List.of(extra.split("\\s+")));
		}
		return args;
	}

	private static List<String> upstreamJvmArgs() {
		return List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC");
	}

	// ------------------------------------------------------------------ 3. status polling at scale

	/** See {@link PollingStep}. */
	private void polling() throws Exception {
		PollingStep step = new PollingStep(this.options, this.quick, this.logs, serverJvmArgs(), upstreamJvmArgs());
		double busyBefore = quiet();
		// the header first: the step then pins this JVM to one core
		Map<String, Object> out = header("polling", step.settings());
		out.put("otherProcessesCoresBefore", busyBefore);
		out.putAll(step.run());
		Results.write(this.results.resolve("polling.json"), out);
		log("polling: goal at 10,000 logins: " + out.get("goal10k"));
	}

	static long cpu(Map<String, Object> jvm) {
		return ((Number) jvm.get("cpuNanos")).longValue();
	}

	// ------------------------------------------------------------------ 6. server CPU per unit of work

	private void cost() throws Exception {
		int logins = integer("cost-logins", 300, 200);
		int seconds = integer("cost-seconds", 15, 8);
		int rounds = integer("cost-rounds", 3, 1);
		int tabs = integer("cost-tabs", 3, 3);
		int maxWarmupRounds = integer("cost-max-warmup-rounds", 12, 2);
		int warmupSeconds = integer("cost-warmup-seconds", 6, 4);
		int latency = integer("upstream-latency-ms", 200, 200);
		double busyBefore = quiet();
		Map<String, Object> out = header("cost", map("loginsPerApp", logins, "windowSeconds", seconds, "rounds", rounds,
				"maxWarmupRounds", maxWarmupRounds, "warmupWindowSeconds", warmupSeconds,
				"tabs", tabs, "upstreamLatencyMs", latency, "serverJvmArgs", String.join(" ", serverJvmArgs()),
				"otherProcessesCoresBefore", busyBefore));
		TwoInstancesPhase twoInstances = new TwoInstancesPhase(this.logs, serverJvmArgs(),
				integer("cost-two-logins", 300, 200), integer("cost-two-warmup", 10, 6), integer("cost-two-seconds", 30, 30),
				latency, string("cost-two-jdbc", TwoInstancesPhase.DEFAULT_JDBC_URL, TwoInstancesPhase.DEFAULT_JDBC_URL),
				Boolean.parseBoolean(string("cost-two-instances", "true", "true")),
				Boolean.parseBoolean(string("cost-two-share-store", "true", "true")));
		out.putAll(new CostStep(this.logs, serverJvmArgs(), logins, seconds, rounds, latency, tabs)
			.twoInstances(twoInstances)
			.warmUp(maxWarmupRounds, warmupSeconds)
			.run());
		Results.write(this.results.resolve("cost.json"), out);
		log("cost: " + out.get("figures") + " goals met: " + out.get("goalsMet"));
	}

	// ------------------------------------------------------------------ 7. FilterChainProxy with / without the plugin

	private void fcp() throws Exception {
		int forks = integer("fcp-forks", 3, 1);
		int warmups = integer("fcp-warmups", 8, 5);
		int iterations = integer("fcp-iterations", 5, 3);
		int cpuRounds = integer("fcp-cpu-rounds", 12, 6);
		int cpuOps = integer("fcp-cpu-ops", 20_000, 10_000);
		double busyBefore = quiet();
		Map<String, Object> out = header("fcp", map("forks", forks, "warmupIterations", warmups, "measurementIterations",
				iterations, "iterationTime", "1 s", "threads", 1, "mode", "average time per operation", "jvmArgs",
				"-Xms1g -Xmx1g -XX:+UseG1GC", "cpuWarmupRounds", 5, "cpuRounds", cpuRounds, "cpuOpsPerRound", cpuOps,
				"otherProcessesCoresBefore", busyBefore, "jmhCommand",
				"java -cp bench/target/classes:bench/target/lib/* org.openjdk.jmh.Main FilterChainBenchmark -f " + forks
						+ " -wi " + warmups + " -i " + iterations + " (the step runs each case in its own JMH run, "
						+ "rounds interleaved)"));
		out.putAll(new FcpStep(forks, warmups, iterations, 5, cpuRounds, cpuOps).run());
		Results.write(this.results.resolve("fcp.json"), out);
		log("fcp: " + out.get("ratios") + " met: " + out.get("met"));
	}

	// ------------------------------------------------------------------ 4. heap per pending login

	private void heap() throws Exception {
		int n = integer("heap-n", 10000, 2000);
		int runs = integer("heap-runs", 2, 1);
		int warm = integer("heap-warm", 500, 200);
		int interval = integer("poll-interval-ms", 2000, 2000);
		int pollSeconds = integer("heap-poll-seconds", 6, 5);
		HeapStep step = new HeapStep(this.logs, serverJvmArgs(), upstreamJvmArgs(), n, runs, warm, interval, pollSeconds);
		double busyBefore = quiet();
		Map<String, Object> out = header("heap", map("logins", n, "runs", runs, "warmLoginsBefore", warm,
				"pollIntervalMs", interval, "pollSeconds", pollSeconds, "serverJvmArgs", String.join(" ", step.jvmArgs()),
				"method", step.method(), "otherProcessesCoresBefore", busyBefore));
		out.putAll(step.run());
		Results.write(this.results.resolve("heap.json"), out);
	}

	// ------------------------------------------------------------------ 5. confirm-to-browser latency

	private void confirm() throws Exception {
		int n = integer("confirm-n", 200, 50);
		int runs = integer("confirm-runs", 3, 1);
		int interval = integer("poll-interval-ms", 2000, 2000);
		int latency = integer("upstream-latency-ms", 200, 200);
		List<String> names = new ArrayList<>(List.of(string("confirm-variants", "tglogin,tglogin-longpoll,tglogin-webhook",
				"tglogin,tglogin-longpoll,tglogin-webhook").split(",")));
		List<Map<String, Object>> variantsOut = new ArrayList<>();
		List<Map<String, Object>> notMeasured = new ArrayList<>();
		for (StatusWaiting.Variant v : StatusWaiting.VARIANTS) {
			if (!v.available() && v.name().startsWith("tglogin")) {
				notMeasured.add(map("variant", v.name(), "description", v.description(), "why", v.missing()));
			}
		}
		double busyBefore = quiet();
		for (String name : names) {
			StatusWaiting.Variant variant = StatusWaiting.variant(name.trim());
			if (!variant.available()) {
				continue;
			}
			List<Map<String, Object>> runResults = new ArrayList<>();
			List<Long> all = new ArrayList<>();
			for (int r = 1; r <= runs; r++) {
				log("confirm: " + variant.name() + ", run " + r + " with " + n + " logins");
				try (Child upstream = Child.start("upstream-confirm", UpstreamMain.class, upstreamJvmArgs(),
						List.of("--latency-ms=" + latency), this.logs)) {
					String upstreamUrl = "http://127.0.0.1:" + upstream.port("upstream") + UpstreamMain.PATH;
					List<String> serverArgs = new ArrayList<>(List.of("--apps=app:TELEGRAM", "--upstream=" + upstreamUrl));
					serverArgs.addAll(variant.serverArgs());
					List<String> jvmArgs = new ArrayList<>(serverJvmArgs());
					jvmArgs.addAll(variant.serverJvmArgs());
					try (Child server = Child.start("server-confirm", ServerMain.class, jvmArgs, serverArgs,
							this.logs); LoadClient client = new LoadClient()) {
						URI base = URI.create("http://127.0.0.1:" + server.port("app"));
						URI confirmUri = URI.create(upstreamUrl + "/telegram/confirm");
						URI webhookUri = variant.webhook() ? base.resolve("/login/telegram/webhook") : null;
						Map<String, Object> result = ConfirmRun.run(client, base, confirmUri, webhookUri, variant, n,
								interval, 1000, 5000, 32);
						result.put("run", r);
						@SuppressWarnings("unchecked")
						List<Long> nanos = (List<Long>) result.remove("nanos");
						all.addAll(nanos);
						runResults.add(result);
					}
				}
			}
			long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
			variantsOut.add(map("variant", variant.name(), "description", variant.description(), "runs", runResults,
					"pooled", Stats.latencySummary(sorted), "medianOfRunMedians",
					Stats.median(runResults.stream().map((r) -> (Number) ((Map<?, ?>) r.get("latencyMs")).get("p50")).toList())));
		}
		Map<String, Object> out = header("confirm", map("loginsPerRun", n, "runs", runs, "pollIntervalMs", interval,
				"upstreamLatencyMs", latency, "method", "each browser waits as tglogin.js does (plain polling, or "
						+ "long-poll when the variant says so); at a random moment 1-5 s after waiting began the "
						+ "driver taps Confirm on the emulator (POST /telegram/confirm, the form behind the emulated "
						+ "Telegram page); for the webhook variant, as soon as the emulator has answered that POST the "
						+ "driver sends the app the signed auth.confirmed webhook Bondify would send (POST "
						+ "/login/telegram/webhook, X-Bondify-Signature = hex HMAC-SHA256 of the body with the project "
						+ "secret); latency = from just before the confirm POST is sent to the browser's status answer "
						+ "'confirmed' being fully received; fresh server and upstream JVMs per run"));
		out.put("variants", variantsOut);
		int bigN = integer("confirm-big-n", 10000, 500);
		if (bigN > 0) {
			out.put("atScale", ConfirmRun.atScale(this.logs, serverJvmArgs(), upstreamJvmArgs(), bigN,
					integer("confirm-big-seconds", 40, 10), interval, latency));
		}
		out.put("notMeasured", notMeasured);
		out.put("otherProcessesCoresBefore", busyBefore);
		Results.write(this.results.resolve("confirm.json"), out);
	}

}
