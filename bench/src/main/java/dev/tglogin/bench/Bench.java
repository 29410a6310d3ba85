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

	/** Sizes up to this use {@code --poll-small-warmup} and {@code --poll-small-seconds}: they settle sooner. */
	private static final int SMALL_N = 2000;

	/** Pending logins last 10 minutes; a variant's logins are started again when a window would end later than this. */
	private static final long MAX_LOGIN_AGE_NANOS = TimeUnit.SECONDS.toNanos(9 * 60);

	private void polling() throws Exception {
		List<Integer> sizes = new ArrayList<>();
		for (String n : string("poll-n", "10000,200", "200").split(",")) {
			sizes.add(Integer.parseInt(n.trim()));
		}
		int runs = integer("poll-runs", 3, 1);
		int warmup = integer("poll-warmup", 10, 8);
		int seconds = integer("poll-seconds", 20, 10);
		int smallWarmup = integer("poll-small-warmup", 10, 5);
		int smallSeconds = integer("poll-small-seconds", 15, 10);
		int interval = integer("poll-interval-ms", 2000, 2000);
		int latency = integer("upstream-latency-ms", 200, 200);
		List<StatusWaiting.Variant> variants = new ArrayList<>();
		List<Map<String, Object>> notMeasured = new ArrayList<>();
		for (String name : string("poll-variants", "tglogin-longpoll,tglogin,naive", "tglogin-longpoll,tglogin,naive").split(",")) {
			variants.add(StatusWaiting.variant(name.trim()));
		}
		for (StatusWaiting.Variant v : StatusWaiting.VARIANTS) {
			if (!v.available()) {
				notMeasured.add(map("variant", v.name(), "description", v.description(), "why", v.missing()));
			}
		}
		variants.removeIf((v) -> !v.available());
		double busyBefore = quiet();
		List<Map<String, Object>> points = new ArrayList<>();
		for (int n : sizes) {
			List<Map<String, Object>> runResults = new ArrayList<>();
			Map<String, PollingEnv> envs = new LinkedHashMap<>();
			try {
				// run 0: one warm-up window per variant, measured like the others and left out of the figures (the
				// first window of a variant is cold: JIT, pools, connections)
				List<StatusWaiting.Variant> schedule = new ArrayList<>(variants);
				List<Integer> runOf = new ArrayList<>(java.util.Collections.nCopies(variants.size(), 0));
				for (int r = 1; r <= runs; r++) {
					List<StatusWaiting.Variant> order = new ArrayList<>(variants);
					if (r % 2 == 0) {
						java.util.Collections.reverse(order);
					}
					schedule.addAll(order);
					int run = r;
					order.forEach((v) -> runOf.add(run));
				}
				int warm = (n <= SMALL_N) ? smallWarmup : warmup;
				int measure = (n <= SMALL_N) ? smallSeconds : seconds;
				for (int i = 0; i < schedule.size(); i++) {
					StatusWaiting.Variant variant = schedule.get(i);
					PollingEnv env = envs.get(variant.name());
					long windowNanos = TimeUnit.SECONDS.toNanos(warm + measure + 30);
					if (env != null && System.nanoTime() - env.startedNanos + windowNanos > MAX_LOGIN_AGE_NANOS) {
						log("  " + variant.name() + ": its logins would expire during the window; starting new ones");
						env.close();
						env = null;
					}
					if (env == null) {
						env = new PollingEnv(variant, n, latency);
						envs.put(variant.name(), env);
					}
					boolean nextIsSame = i + 1 < schedule.size() && schedule.get(i + 1) == variant;
					boolean lastOfAll = i + 1 == schedule.size() && n == sizes.get(sizes.size() - 1);
					runResults.add(pollingWindow(env, runOf.get(i), warm, measure, interval, nextIsSame, lastOfAll));
				}
			}
			finally {
				envs.values().forEach(PollingEnv::close);
			}
			points.add(map("logins", n, "offeredPollsPerSecond", n * 1000.0 / interval, "runs", runResults,
					"medians", pollingMedians(runResults, variants)));
		}
		Map<String, Object> out = header("polling", map("logins", sizes, "runsPerVariant", runs, "warmupSeconds",
				warmup, "measureSeconds", seconds, "pollIntervalMs", interval, "upstreamLatencyMs", latency,
				"variants", variants.stream().map((v) -> map("name", v.name(), "description", v.description())).toList(),
				"serverJvmArgs", String.join(" ", serverJvmArgs()), "serverThreadPool",
				"Jetty QueuedThreadPool max " + BenchApp.MAX_THREADS + " min " + BenchApp.MIN_THREADS
						+ " (both variants)",
				"upstream", "emulator in its own JVM, verify answered after " + latency
						+ " ms without holding a thread (UpstreamLatencyServlet)",
				"client", "one JVM, Jetty HttpClient, one cookie + CSRF token per browser, closed loop per browser: "
						+ "plain polling: next poll one interval after the answer (as tglogin.js), request timeout "
						+ LoadClient.TIMEOUT_SECONDS + " s (tglogin.js: 20 s); long-poll: {\"waitSeconds\": "
						+ "maxWaitSeconds from the start answer}, the next request at once after a held answer but "
						+ "not sooner than one interval after the previous one began, request timeout the wait + "
						+ LoadClient.TIMEOUT_SECONDS + " s (as tglogin.js), each browser's first request asking for a "
						+ "random part of the wait (steady state from the start)",
				"smallN", map("upTo", SMALL_N, "warmupSeconds", smallWarmup, "measureSeconds", smallSeconds),
				"schedule", "per variant one server JVM and one upstream JVM, set up once (N logins through the "
						+ "real endpoints) and kept for that variant's windows; windows interleaved A,B / B,A / A,B "
						+ "...: A B B A A B, where a window that follows one of the same variant continues its "
						+ "polling without a new warm-up, and polling stops and the server's backlog is drained "
						+ "before switching variants",
				"processes", "driver (load), server and upstream JVMs share the machine's cores; the other "
						+ "variant's JVMs stay up idle"));
		out.put("notMeasured", notMeasured);
		out.put("otherProcessesCoresBefore", busyBefore);
		out.put("points", points);
		Results.write(this.results.resolve("polling.json"), out);
	}

	/** One variant's upstream and server JVMs with N pending logins, kept for that variant's windows. */
	private final class PollingEnv implements AutoCloseable {

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

		PollingEnv(StatusWaiting.Variant variant, int n, int latency) throws Exception {
			this.variant = variant;
			log("polling: " + variant.name() + ": starting " + n + " logins");
			this.upstream = Child.start("upstream-polling-" + variant.name(), UpstreamMain.class, upstreamJvmArgs(),
					List.of("--latency-ms=" + latency), Bench.this.logs);
			String upstreamUrl = "http://127.0.0.1:" + this.upstream.port("upstream") + UpstreamMain.PATH;
			List<String> serverArgs = new ArrayList<>(List.of("--apps=app:TELEGRAM", "--upstream=" + upstreamUrl));
			serverArgs.addAll(variant.serverArgs());
			List<String> jvmArgs = new ArrayList<>(serverJvmArgs());
			jvmArgs.addAll(variant.serverJvmArgs());
			this.server = Child.start("server-polling-" + variant.name(), ServerMain.class, jvmArgs, serverArgs,
					Bench.this.logs);
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
	 * One measurement window. The variant's browsers start polling (then a warm-up) unless they still are from its
	 * previous window, which this one then follows directly; unless the next window is the same variant's, polling
	 * stops afterwards and the backlog is drained, so it never runs into another variant's window.
	 */
	private Map<String, Object> pollingWindow(PollingEnv env, int run, int warmup, int seconds, int interval,
			boolean keepPolling, boolean lastOfAll) throws Exception {
		StatusWaiting.Variant variant = env.variant;
		Child server = env.server;
		Child upstream = env.upstream;
		List<SimBrowser> browsers = env.browsers;
		boolean continuing = env.load != null;
		log("polling: " + variant.name() + ", " + browsers.size() + " logins, run " + run + " ("
				+ (continuing ? "continuing the previous window's polling" : "warm-up " + warmup + " s") + ", measure "
				+ seconds + " s)");
		if (!continuing) {
			env.load = new PollingLoad(env.client, env.base, variant, interval, integer("poll-tabs", 1, 1), (b, o) -> {
			});
		}
		PollingLoad load = env.load;
		boolean stop = true;
		try {
			if (!continuing) {
				load.start(browsers);
				Thread.sleep(warmup * 1000L);
			}
			long started0 = ((Number) server.control("/reset").get("totalStartedThreads")).longValue();
			upstream.control("/reset");
			long serverCpu0 = cpu(server.control("/jvm"));
			long upstreamCpu0 = cpu(upstream.control("/jvm"));
			long driverCpu0 = Control.cpuNanos();
			String load0 = Results.loadAverage();
			MachineCpu m0 = MachineCpu.now();
			load.record(true);
			long t0 = System.nanoTime();
			Thread.sleep(seconds * 1000L);
			load.record(false);
			double measured = (System.nanoTime() - t0) / 1e9;
			Map<String, Object> answers = load.snapshot(measured);
			Map<String, Object> serverJvm = server.control("/jvm");
			Map<String, Object> pools = server.control("/pools");
			Map<String, Object> upstreamStats = upstream.control("/stats");
			long serverCpu1 = cpu(serverJvm);
			long upstreamCpu1 = cpu(upstream.control("/jvm"));
			long driverCpu1 = Control.cpuNanos();
			double machine = MachineCpu.now().busyCoresSince(m0);
			long verifyCalls = ((Number) upstreamStats.get("verifyCalls")).longValue();
			long ok = ((Number) answers.get("answered")).longValue();
			Number processedCount = (Number) v(pools, "requests", variant.statusPath());
			long processed = (processedCount != null) ? processedCount.longValue() : 0;
			double intervals = measured * 1000.0 / interval;
			double serverCores = (serverCpu1 - serverCpu0) / 1e9 / measured;
			double upstreamCores = (upstreamCpu1 - upstreamCpu0) / 1e9 / measured;
			double driverCores = (driverCpu1 - driverCpu0) / 1e9 / measured;
			double others = Math.max(0, machine - serverCores - upstreamCores - driverCores);
			long started = ((Number) serverJvm.get("totalStartedThreads")).longValue() - started0;
			Map<String, Object> appPool = m(pools, "app");
			double cpuMicrosPerLoginSecond = (serverCpu1 - serverCpu0) / 1e3 / browsers.size() / measured;
			Map<String, Object> out = map("variant", variant.name(), "logins", browsers.size(), "run", run,
					"pendingLogins", browsers.size(), "setupSeconds", env.setupSeconds, "loginAgeSecondsAtEnd",
					(System.nanoTime() - env.startedNanos) / 1e9, "measuredSeconds", measured,
					"offeredPollsPerSecond", browsers.size() * 1000.0 / interval);
			out.putAll(answers);
			out.put("serverProcessedPolls", processed);
			out.put("serverProcessedPerSecond", processed / measured);
			out.put("upstream", map("verifyCalls", verifyCalls, "callsPerLoginPerInterval",
					verifyCalls / (double) browsers.size() / intervals, "callsPerProcessedPoll",
					processed > 0 ? verifyCalls / (double) processed : null, "maxCallsPerLoginInWindow",
					upstreamStats.get("maxVerifyCallsPerSession"), "intervalsInWindow", intervals, "sessionsPolled",
					upstreamStats.get("sessionsVerified")));
			out.put("server", map("peakThreads", serverJvm.get("peakThreads"), "threadsStarted", started,
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
			@SuppressWarnings("unchecked")
			Map<String, Object> lat = (Map<String, Object>) answers.get("okLatencyMs");
			stop = !keepPolling;
			log(String.format("  " + (run == 0 ? "[warm-up window, discarded] " : "") + "ok %.0f/s of %.0f offered "
					+ "(server processed %.0f/s), answered p50 %s ms, p99 %s ms, "
					+ "errors %s, shed " + answers.get("shed") + ", upstream calls/login/interval %.3f, peak threads %s (%d started), held requests "
					+ "mean %s max %s; server CPU %.1f us per login-second; CPU cores: server %.2f, upstream %.2f, "
					+ "driver %.2f, other processes %.2f", ok / measured, browsers.size() * 1000.0 / interval,
					processed / measured, lat.get("p50"), lat.get("p99"), answers.get("errors"),
					verifyCalls / (double) browsers.size() / intervals, serverJvm.get("peakThreads"), started,
					fmt(appPool.get("meanHeld")), appPool.get("maxHeldSeen"), cpuMicrosPerLoginSecond, serverCores,
					upstreamCores, driverCores, others));
			return out;
		}
		finally {
			if (stop) {
				load.close();
				env.load = null;
				if (!lastOfAll) {
					drain(load, server, env.idleBusy);
				}
			}
		}
	}

	private static String fmt(Object number) {
		return (number instanceof Number x) ? String.format(java.util.Locale.ROOT, "%.1f", x.doubleValue()) : "-";
	}

	/**
	 * Waits (at most 45 s) until the window's requests are answered or timed out, no request is held (long-poll) and
	 * the server's pool is idle with an empty queue, so that a backlog never runs into the next window (of another
	 * variant). Not after the last window of the step.
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

	@SuppressWarnings("unchecked")
	private static Map<String, Object> m(Map<String, Object> map, String key) {
		return (Map<String, Object>) map.get(key);
	}

	@SuppressWarnings("unchecked")
	private static Object v(Map<String, Object> map, String... path) {
		Object value = map;
		for (String key : path) {
			value = (value == null) ? null : ((Map<String, Object>) value).get(key);
		}
		return value;
	}

	private static long cpu(Map<String, Object> jvm) {
		return ((Number) jvm.get("cpuNanos")).longValue();
	}

	/**
	 * Per variant, the figures of its median run (by answered polls/s; the lower middle of an even count): one real
	 * window, not per-column medians that match no run. Latency percentiles are over answered polls only; shed
	 * answers (429/504) and errors are counted apart. Discarded warm-up windows ({@code run} 0) are left out.
	 */
	private static Map<String, Object> pollingMedians(List<Map<String, Object>> runs,
			List<StatusWaiting.Variant> variants) {
		Map<String, Object> out = new LinkedHashMap<>();
		for (StatusWaiting.Variant v : variants) {
			List<Map<String, Object>> mine = new ArrayList<>(runs.stream()
				.filter((r) -> v.name().equals(r.get("variant")) && ((Number) r.get("run")).intValue() > 0)
				.toList());
			if (mine.isEmpty()) {
				continue;
			}
			mine.sort(java.util.Comparator.comparingDouble((r) -> ((Number) r.get("answeredPerSecond")).doubleValue()));
			Map<String, Object> r = mine.get((mine.size() - 1) / 2);
			java.util.function.Function<String[], Object> at = (path) -> v(r, path);
			out.put(v.name(), map(
					"runs", mine.size(),
					"medianRun", r.get("run"),
					"answeredPerSecond", at.apply(new String[] { "answeredPerSecond" }),
					"serverProcessedPerSecond", at.apply(new String[] { "serverProcessedPerSecond" }),
					"p50Ms", at.apply(new String[] { "okLatencyMs", "p50" }),
					"p99Ms", at.apply(new String[] { "okLatencyMs", "p99" }),
					"errors", at.apply(new String[] { "errors" }),
					"shed", at.apply(new String[] { "shed" }),
					"callsPerLoginPerInterval", at.apply(new String[] { "upstream", "callsPerLoginPerInterval" }),
					"callsPerProcessedPoll", at.apply(new String[] { "upstream", "callsPerProcessedPoll" }),
					"peakThreads", at.apply(new String[] { "server", "peakThreads" }),
					"threadsStartedPerProcessedPoll", at.apply(new String[] { "server", "threadsStartedPerProcessedPoll" }),
					"serverCpuCores", at.apply(new String[] { "server", "cpuCores" }),
					"serverCpuMsPerProcessedPoll", at.apply(new String[] { "server", "cpuMsPerProcessedPoll" }),
					"serverCpuMsPerAnsweredPoll", at.apply(new String[] { "server", "cpuMsPerAnsweredPoll" }),
					"serverCpuMicrosPerLoginSecond", at.apply(new String[] { "server", "cpuMicrosPerLoginSecond" }),
					"heldRequestsMean", at.apply(new String[] { "server", "heldRequestsMean" }),
					"heldRequestsMax", at.apply(new String[] { "server", "heldRequestsMax" }),
					"clientInFlightMean", at.apply(new String[] { "inFlightMean" }),
					"browsersFellBackToPolling", at.apply(new String[] { "browsersFellBackToPolling" }),
					"otherProcessesCores", at.apply(new String[] { "cpuCores", "otherProcesses" }),
					"loadAverage", r.get("loadAverage")));
		}
		return out;
	}

	// ------------------------------------------------------------------ 6. server CPU per unit of work

	private void cost() throws Exception {
		int logins = integer("cost-logins", 300, 200);
		int seconds = integer("cost-seconds", 15, 8);
		int rounds = integer("cost-rounds", 3, 1);
		int tabs = integer("cost-tabs", 3, 3);
		int latency = integer("upstream-latency-ms", 200, 200);
		double busyBefore = quiet();
		Map<String, Object> out = header("cost", map("loginsPerApp", logins, "windowSeconds", seconds, "rounds", rounds,
				"tabs", tabs, "upstreamLatencyMs", latency, "serverJvmArgs", String.join(" ", serverJvmArgs()),
				"otherProcessesCoresBefore", busyBefore));
		out.putAll(new CostStep(this.logs, serverJvmArgs(), logins, seconds, rounds, latency, tabs).run());
		Results.write(this.results.resolve("cost.json"), out);
		log("cost: " + out.get("figures") + " goals met: " + out.get("goalsMet"));
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
