package dev.tglogin.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The {@code heap} step (issue 16): the server's heap per pending login at rest, while polled and while a long-poll is
 * held, and the heap per open connection apart.
 * <p>
 * One server JVM per run (and the emulator, answering at once). Every browser has its own connection, opened once and
 * used for all its requests, so that the number of open connections is the same, N, in every state after (1) and the
 * connections' own memory (Jetty's buffers and header-field cache) falls out of the per-login figures. Used heap after
 * the GC settles ({@code /heap}: {@code System.gc()} until two readings agree, then the median of three), in states:
 * <ol start="0">
 * <li>after warm-up logins (each polled and long-polled once, their connections closed): no connection open;</li>
 * <li>N connections open, each having served two {@code GET /} (public, no session; Jetty's parser builds its
 * header-field cache on the second request of a connection), idle;</li>
 * <li>the same N browsers opened the login page on their connection (HTTP session + CSRF token) and sent one JSON
 * {@code POST /} of the app's own with the headers of the login's requests (Accept, Content-Type, the cookie, the
 * CSRF header; Jetty's parser caches a connection's header fields as it sees them, which is the connection's memory):
 * the baseline;</li>
 * <li>(2b) for scale, each of them holding one request of the app's own ({@code POST /} with
 * {@code {"waitSeconds": 25}}, held by the page servlet through the same chain): what any held request costs;
 * then, those requests answered, (2c) the baseline of the per-login figures (what they left, Jetty's buffer pool grown
 * for N requests at once, is the container's);</li>
 * <li>the N logins started ({@code POST /login/telegram/start}), at rest;</li>
 * <li>all N polled plainly every interval ({@code {}}, the next poll one interval after the answer), sampled while the
 * polling goes on;</li>
 * <li>all N holding a long-poll ({@code {"waitSeconds": maxWaitSeconds}} from the start answer, as tglogin.js; a
 * browser whose wait ended asks again at once, never sooner than one interval after its previous request began),
 * sampled once the server holds N requests.</li>
 * </ol>
 * Per open connection: (1) − (0) over N; per login in state s: (s) − (2c) over N; per session with a CSRF token, for
 * scale: (2) − (1) over N; per held request of the app's own, for scale: (2b) − (2) over N.
 */
final class HeapStep {

	/** The goal of issue 16 for each per-login figure, bytes. */
	static final int GOAL_BYTES = 2048;

	private static final String STATUS = "/login/telegram/status";

	/**
	 * The client's deadline for a status request beyond its wait: longer than tglogin.js's 20 s, since a request that
	 * times out closes its connection and the connections must stay the same N in every state (an overloaded server
	 * answers late instead; each browser still has one request at a time).
	 */
	private static final long STATUS_DEADLINE_MS = 90_000;

	/**
	 * How many classes of the histogram's growth go into the results (the report shows the first six); enough to
	 * account for the library's own objects, which are each small.
	 */
	private static final int CLASS_GROWTH_ROWS = 40;

	/**
	 * How long the app's own held requests are held (2b): as long as the library's longest wait, so that none ends
	 * before the heap is read (which takes up to about 15 s with N requests held).
	 */
	private static final int BARE_HOLD_SECONDS = 25;

	private final Path logs;

	private final List<String> serverJvmArgs;

	private final List<String> upstreamJvmArgs;

	private final int n;

	private final int runs;

	private final int warm;

	private final int intervalMs;

	private final int pollSeconds;

	HeapStep(Path logs, List<String> serverJvmArgs, List<String> upstreamJvmArgs, int n, int runs, int warm,
			int intervalMs, int pollSeconds) {
		this.logs = logs;
		this.serverJvmArgs = serverJvmArgs;
		this.upstreamJvmArgs = upstreamJvmArgs;
		this.n = n;
		this.runs = runs;
		this.warm = warm;
		this.intervalMs = intervalMs;
		this.pollSeconds = pollSeconds;
	}

	/** The server's JVM options: the bench's, a heap that holds N connections with held requests, idle connections kept. */
	List<String> jvmArgs() {
		List<String> args = new ArrayList<>(this.serverJvmArgs);
		// 10,000 connections take about 0.8 GB (Jetty's header-field cache, bench/README.md) before any request is held
		args.addAll(List.of("-Xms3g", "-Xmx3g", "-Dbench.idleTimeoutMs=600000"));
		return args;
	}

	String method() {
		return "used heap after System.gc() settles (until two readings 200 ms apart differ by less than 64 KiB, then "
				+ "the median of three GCs' own figure: the heap pools' usage right after the collection, "
				+ "MemoryPoolMXBean.getCollectionUsage(), so that what a running load allocates after the GC is not "
				+ "counted), in the server JVM, each browser on its own connection opened "
				+ "once: (0) after " + this.warm + " warm-up logins (each polled and long-polled once; their connections "
				+ "closed), (1) + N idle open connections (each served two GET / without a session: Jetty's parser builds its header-field cache on a connection's second request), (2) + the same N "
				+ "browsers opened the login page (HTTP session + CSRF token) and sent one JSON POST of the app's own "
				+ "with the login requests' headers (Jetty's parser caches a connection's header fields as it sees "
				+ "them: the connection's memory, not the login's), (2b) each holding one request of the app's own "
				+ "(POST / with {\"waitSeconds\": 25}, held with servlet async processing by the page servlet "
				+ "through the same chain, no login: what any held request costs), (2c) those answered: the baseline "
				+ "(what they left, Jetty's buffer pool grown for N requests at once, is the container's), (3) + the N "
				+ "logins started "
				+ "(at rest), (4) all N polled plainly every " + this.intervalMs + " ms, sampled after "
				+ this.pollSeconds + " s while the polling goes on, (5) all N holding a long-poll ({\"waitSeconds\": "
				+ "maxWaitSeconds}, re-sent when answered), sampled once the server holds N requests; per login: "
				+ "(state − (2c)) / N; per open connection: ((1) − (0)) / N; per session with CSRF token: "
				+ "((2) − (1)) / N; "
				+ "per request of the app's own held: ((2b) − (2)) / N";
	}

	Map<String, Object> run() throws Exception {
		List<Map<String, Object>> runResults = new ArrayList<>();
		for (int r = 1; r <= this.runs; r++) {
			Bench.log("heap: run " + r + " with " + this.n + " browsers");
			runResults.add(oneRun(r));
		}
		Map<String, Object> summary = new LinkedHashMap<>();
		for (String key : List.of("bytesPerLoginAtRest", "bytesPerLoginPolling", "bytesPerLoginHeld",
				"bytesPerOpenConnection", "bytesPerSessionWithCsrf", "bytesPerBareHeldRequest")) {
			summary.put(key, Stats.median(runResults.stream().map((x) -> (Number) x.get(key)).toList()));
		}
		summary.put("goalBytesPerLogin", GOAL_BYTES);
		boolean met = true;
		for (String key : List.of("bytesPerLoginAtRest", "bytesPerLoginPolling", "bytesPerLoginHeld")) {
			double bytes = ((Number) summary.get(key)).doubleValue();
			met &= !Double.isNaN(bytes) && bytes <= GOAL_BYTES;
		}
		summary.put("met", met);
		// the earlier report's key, kept for readers of older files
		summary.put("bytesPerPendingLogin", summary.get("bytesPerLoginAtRest"));
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("runs", runResults);
		out.put("summary", summary);
		return out;
	}

	private Map<String, Object> oneRun(int run) throws Exception {
		try (Child upstream = Child.start("upstream-heap", UpstreamMain.class, this.upstreamJvmArgs,
				List.of("--latency-ms=0"), this.logs)) {
			String upstreamUrl = "http://127.0.0.1:" + upstream.port("upstream") + UpstreamMain.PATH;
			try (Child server = Child.start("server-heap", ServerMain.class, jvmArgs(),
					List.of("--apps=app:TELEGRAM", "--upstream=" + upstreamUrl), this.logs)) {
				URI base = URI.create("http://127.0.0.1:" + server.port("app"));
				int warmed = warmUp(base);
				waitForConnections(server, 0);
				Map<String, Object> out = new LinkedHashMap<>();
				out.put("run", run);
				out.put("warmLogins", warmed);
				Map<String, Object> states = new LinkedHashMap<>();
				out.put("states", states);
				states.put("none", state(server, "(0) no connection", null));
				try (Pinned pinned = new Pinned(base)) {
					long t0 = System.nanoTime();
					List<Browser> browsers = pinned.open(this.n);
					states.put("connections", state(server, String.format("(1) %d idle connections (%.1f s)",
							browsers.size(), (System.nanoTime() - t0) / 1e9), null));
					t0 = System.nanoTime();
					browsers = pinned.each(browsers, (b) -> pinned.send(b, HttpMethod.GET, "/login/telegram", null, 0)
						.thenApply(b.sim::readLoginPage));
					// Jetty's parser caches a connection's header fields (names and values) as it sees them: the
					// login's JSON requests add theirs (Accept, Content-Type, the session cookie, the CSRF header),
					// which is the connection's memory, kept as long as it is open, not the login's. So each
					// connection sees them once here, on an unrelated path (the app's own POST /, answered 204).
					browsers = pinned.each(browsers, (b) -> pinned.send(b, HttpMethod.POST, "/", "{}", 0)
						.thenApply((answer) -> answer.status() == 204));
					states.put("sessions", state(server, String.format("(2) + %d sessions with a CSRF token (%.1f s)",
							browsers.size(), (System.nanoTime() - t0) / 1e9), null));
					states.put("bareHeld", holdBare(server, pinned, browsers));
					// the baseline of the per-login figures, once the app's own held requests were answered: what they
					// left (Jetty's buffer pool, grown for N requests at once) is the container's, not the logins'
					states.put("baseline", state(server, "(2c) the held requests of the app's own answered", null));
					Map<String, long[]> baseHistogram = (run == 1) ? histogram(server) : Map.of();
					t0 = System.nanoTime();
					browsers = pinned.each(browsers, (b) -> pinned.send(b, HttpMethod.POST, "/login/telegram/start",
							"{}", 0).thenApply(b.sim::readStart));
					states.put("atRest", state(server, String.format("(3) + %d logins started (%.1f s)",
							browsers.size(), (System.nanoTime() - t0) / 1e9), null));
					Map<String, long[]> atRestHistogram = (run == 1) ? histogram(server) : Map.of();
					int logins = browsers.size();
					Load polling = new Load(pinned, browsers, false);
					polling.begin();
					Thread.sleep(this.pollSeconds * 1000L);
					Map<String, Object> pollingState = state(server, "(4) while polling every " + this.intervalMs
							+ " ms", polling);
					Map<String, long[]> pollingHistogram = (run == 1) ? histogram(server) : Map.of();
					polling.end();
					states.put("polling", pollingState);
					Load held = new Load(pinned, browsers, true);
					held.begin();
					long heldAtStart = waitForHeld(server, logins);
					Map<String, Object> heldState = state(server, "(5) while a long-poll is held", held);
					heldState.put("heldBefore", heldAtStart);
					Map<String, long[]> heldHistogram = (run == 1) ? histogram(server) : Map.of();
					states.put("held", heldState);
					held.end();
					out.put("logins", logins);
					out.put("openConnections", browsers.size());
					if (run == 1 && !baseHistogram.isEmpty()) {
						out.put("classGrowthOverBaseline", Map.of(
								"atRest", growth(baseHistogram, atRestHistogram, logins),
								"polling", growth(baseHistogram, pollingHistogram, logins),
								"held", growth(baseHistogram, heldHistogram, logins)));
					}
					long none = heap(states, "none");
					long connections = heap(states, "connections");
					long sessions = heap(states, "sessions");
					out.put("bytesPerOpenConnection", (connections - none) / (double) this.n);
					out.put("bytesPerSessionWithCsrf", (sessions - connections) / (double) logins);
					long baseline = heap(states, "baseline");
					out.put("bytesPerBareHeldRequest", (heap(states, "bareHeld") - sessions) / (double) this.n);
					out.put("bytesPerLoginAtRest", (heap(states, "atRest") - baseline) / (double) logins);
					out.put("bytesPerLoginPolling", (heap(states, "polling") - baseline) / (double) logins);
					out.put("bytesPerLoginHeld", (heap(states, "held") - baseline) / (double) logins);
					Bench.log(String.format("  per open connection %.0f B; per session with CSRF token %.0f B; per "
							+ "request of the app's own held %.0f B; per login: at rest %.0f B, while polling %.0f B, "
							+ "while a long-poll is held %.0f B", out.get("bytesPerOpenConnection"),
							out.get("bytesPerSessionWithCsrf"), out.get("bytesPerBareHeldRequest"),
							out.get("bytesPerLoginAtRest"), out.get("bytesPerLoginPolling"), out.get("bytesPerLoginHeld")));
					return out;
				}
			}
		}
	}

	/**
	 * The server's live objects by class ({@code jcmd <pid> GC.class_histogram}, which runs a full GC): bytes and
	 * instances per class name; empty when {@code jcmd} is not available. A diagnostic of run 1.
	 */
	private static Map<String, long[]> histogram(Child server) {
		Map<String, long[]> out = new java.util.HashMap<>();
		try {
			Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					Long.toString(server.pid()), "GC.class_histogram").redirectErrorStream(true).start();
			try (java.io.BufferedReader in = new java.io.BufferedReader(
					new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					String[] f = line.trim().split("\\s+");
					if (f.length >= 4 && f[0].endsWith(":")) {
						out.put(f[3], new long[] { Long.parseLong(f[2]), Long.parseLong(f[1]) });
					}
				}
			}
			p.waitFor(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			Bench.log("  (no class histogram: " + ex + ")");
		}
		return out;
	}

	/** The classes that grew most from {@code base} to {@code now}: bytes and instances per login. */
	private static List<Map<String, Object>> growth(Map<String, long[]> base, Map<String, long[]> now, int logins) {
		List<Map<String, Object>> out = new ArrayList<>();
		now.entrySet()
			.stream()
			.map((e) -> Map.entry(e.getKey(), new long[] { e.getValue()[0] - base.getOrDefault(e.getKey(), new long[2])[0],
					e.getValue()[1] - base.getOrDefault(e.getKey(), new long[2])[1] }))
			.sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]))
			.limit(CLASS_GROWTH_ROWS)
			.forEach((e) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("class", e.getKey());
				row.put("bytesPerLogin", e.getValue()[0] / (double) logins);
				row.put("instancesPerLogin", e.getValue()[1] / (double) logins);
				out.add(row);
			});
		return out;
	}

	private static long heap(Map<String, Object> states, String name) {
		@SuppressWarnings("unchecked")
		Map<String, Object> state = (Map<String, Object>) states.get(name);
		return ((Number) state.get("heapUsed")).longValue();
	}

	/** The settled heap now, the server's open connections and held requests around it, and the load's counts. */
	private static Map<String, Object> state(Child server, String label, Load load) {
		Map<String, Object> out = new LinkedHashMap<>();
		int connectionsBefore = connections(server);
		long t0 = System.nanoTime();
		Map<String, Object> heap = server.control("/heap");
		// the figures use the heap right after each settling GC: under a running load (polled, held) the usage read
		// 100 ms later also counts what the load allocated meanwhile; both are kept
		out.put("heapUsed", heap.get("heapAfterGc"));
		out.put("heapUsedAfter100Ms", heap.get("heapUsed"));
		out.put("readings", heap.get("afterGcReadings"));
		out.put("readingsAfter100Ms", heap.get("readings"));
		out.put("gcRounds", heap.get("rounds"));
		out.put("settleSeconds", (System.nanoTime() - t0) / 1e9);
		out.put("openConnections", List.of(connectionsBefore, connections(server)));
		out.put("heldRequests", held(server));
		if (load != null) {
			out.putAll(load.counts());
		}
		Bench.log(String.format("  %s: heap %.1f MiB right after the GC, %.1f MiB 100 ms later (settled in %.1f s), %s "
				+ "open connections, %s held requests%s", label, ((Number) heap.get("heapAfterGc")).longValue() / 1048576.0,
				((Number) heap.get("heapUsed")).longValue() / 1048576.0, out.get("settleSeconds"),
				out.get("openConnections"), out.get("heldRequests"), (load != null) ? "; " + load.counts() : ""));
		return out;
	}

	/**
	 * Has every browser hold one request of the app's own ({@code POST /} with {@code {"waitSeconds": n}}, held by the
	 * page servlet through the same chain, no login involved: the barest long-poll), samples the heap once the server
	 * holds them, and returns when they have been answered (after n seconds), the connections free again.
	 */
	private static Map<String, Object> holdBare(Child server, Pinned pinned, List<Browser> browsers)
			throws InterruptedException {
		List<CompletableFuture<LoadClient.Answer>> answers = new ArrayList<>();
		for (Browser browser : browsers) {
			answers.add(pinned.send(browser, HttpMethod.POST, "/", "{\"waitSeconds\":" + BARE_HOLD_SECONDS + "}",
					BARE_HOLD_SECONDS * 1000L + STATUS_DEADLINE_MS));
		}
		long heldAtStart = waitForHeld(server, browsers.size());
		Map<String, Object> out = state(server, "(2b) + one request of the app's own held per browser", null);
		out.put("heldBefore", heldAtStart);
		long answered = answers.stream().map(CompletableFuture::join).filter((a) -> a.status() == 204).count();
		out.put("answered", answered);
		if (answered < browsers.size()) {
			throw new IllegalStateException((browsers.size() - answered) + " of " + browsers.size()
					+ " held requests of the app's own were not answered 204");
		}
		return out;
	}

	private static int connections(Child server) {
		return ((Number) server.control("/connections").get("app")).intValue();
	}

	@SuppressWarnings("unchecked")
	private static long held(Child server) {
		return ((Number) ((Map<String, Object>) server.control("/pools").get("app")).get("held")).longValue();
	}

	/**
	 * Waits until the server holds {@code count} requests, or (when some browsers' requests do not get held, e.g. their
	 * connection failed) until the number held has not grown for 2 s with at least 95 % held, at most 20 s (a held
	 * request is answered after 25 s); returns how many it held then.
	 */
	private static long waitForHeld(Child server, int count) throws InterruptedException {
		long t0 = System.nanoTime();
		long until = t0 + TimeUnit.SECONDS.toNanos(20);
		long held = 0;
		long best = -1;
		long bestAt = t0;
		while (System.nanoTime() < until) {
			held = held(server);
			if (held >= count) {
				break;
			}
			if (held > best) {
				best = held;
				bestAt = System.nanoTime();
			}
			else if (held >= 0.95 * count && System.nanoTime() - bestAt > TimeUnit.SECONDS.toNanos(2)) {
				break;
			}
			Thread.sleep(200);
		}
		Bench.log(String.format("  %d of %d requests held after %.1f s", held, count, (System.nanoTime() - t0) / 1e9));
		return held;
	}

	/** Waits (at most 15 s) until the server has {@code count} connections open. */
	private static void waitForConnections(Child server, int count) throws InterruptedException {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (System.nanoTime() < until && connections(server) != count) {
			Thread.sleep(100);
		}
	}

	/**
	 * Warm-up: logins through the shared client (session, start, one plain poll, one long-poll of 1 s), so that the
	 * server's classes, pools and upstream connections exist before the first reading; then their connections close.
	 */
	private int warmUp(URI base) throws Exception {
		try (LoadClient client = new LoadClient()) {
			List<SimBrowser> browsers = SimBrowser.open(client, base, "/login/telegram/start", this.warm, Pinned.CONCURRENCY);
			Semaphore permits = new Semaphore(32);
			for (SimBrowser browser : browsers) {
				permits.acquire();
				client.postJson(base.resolve(STATUS), browser, "{}")
					.thenCompose((a) -> client.postJson(base.resolve(STATUS), browser, "{\"waitSeconds\":1}"))
					.whenComplete((a, ex) -> permits.release());
			}
			permits.acquire(32);
			return browsers.size();
		}
	}

	/** A browser on its own connection. */
	static final class Browser {

		final SimBrowser sim;

		/** Its connection; replaced by a new one when it was closed (a request timed out, the server closed it). */
		volatile Connection connection;

		/** Whether a request of this browser is in flight (its connection carries one at a time). */
		volatile boolean busy;

		Browser(SimBrowser sim, Connection connection) {
			this.sim = sim;
			this.connection = connection;
		}

	}

	/** A Jetty client whose browsers each send every request on their own connection. */
	static final class Pinned implements AutoCloseable {

		private static final int CONCURRENCY = 64;

		private final HttpClient client;

		private final URI base;

		private final Destination destination;

		Pinned(URI base) throws Exception {
			this.base = base;
			QueuedThreadPool executor = new QueuedThreadPool(64, 4);
			executor.setName("heap-client");
			executor.setDaemon(true);
			this.client = new HttpClient();
			this.client.setExecutor(executor);
			this.client.setHttpCookieStore(new HttpCookieStore.Empty());
			this.client.setFollowRedirects(false);
			this.client.setConnectTimeout(10_000);
			this.client.setIdleTimeout(TimeUnit.MINUTES.toMillis(10));
			this.client.start();
			this.destination = this.client.resolveDestination(this.client.newRequest(base));
		}

		/** Opens {@code count} connections, each serving two {@code GET /}; the browsers whose connection works. */
		List<Browser> open(int count) throws InterruptedException {
			List<Browser> opened = Collections.synchronizedList(new ArrayList<>(count));
			Semaphore permits = new Semaphore(CONCURRENCY);
			AtomicInteger failures = new AtomicInteger();
			for (int i = 0; i < count; i++) {
				permits.acquire();
				SimBrowser sim = new SimBrowser(i);
				this.destination.newConnection().thenCompose((connection) -> {
					Browser browser = new Browser(sim, connection);
					// two requests: Jetty's parser builds its header-field cache on a connection's second request
					return send(browser, HttpMethod.GET, "/", null, 0)
						.thenCompose((a) -> send(browser, HttpMethod.GET, "/", null, 0))
						.thenApply((a) -> (a.status() == 200) ? browser : null);
				}).whenComplete((browser, ex) -> {
					if (browser != null) {
						opened.add(browser);
					}
					else {
						failures.incrementAndGet();
					}
					permits.release();
				});
			}
			permits.acquire(CONCURRENCY);
			if (failures.get() > 0) {
				throw new IllegalStateException(failures.get() + " of " + count + " connections failed");
			}
			List<Browser> out = new ArrayList<>(opened);
			out.sort((x, y) -> Integer.compare(x.sim.id, y.sim.id));
			return out;
		}

		/** One request per browser (at most 64 at once); fails when any of them did not succeed. */
		List<Browser> each(List<Browser> browsers,
				java.util.function.Function<Browser, CompletableFuture<Boolean>> request) throws InterruptedException {
			Semaphore permits = new Semaphore(CONCURRENCY);
			AtomicInteger failures = new AtomicInteger();
			for (Browser browser : browsers) {
				permits.acquire();
				request.apply(browser).whenComplete((ok, ex) -> {
					if (ok == null || !ok) {
						failures.incrementAndGet();
					}
					permits.release();
				});
			}
			permits.acquire(CONCURRENCY);
			if (failures.get() > 0) {
				throw new IllegalStateException(failures.get() + " of " + browsers.size() + " browsers failed");
			}
			return browsers;
		}

		/** Sends a request on the browser's connection with its cookie (and CSRF header for a POST). */
		CompletableFuture<LoadClient.Answer> send(Browser browser, HttpMethod method, String path, String json,
				long timeoutMs) {
			SimBrowser sim = browser.sim;
			Request request = this.client.newRequest(this.base.resolve(path)).method(method);
			request.headers((h) -> {
				h.put("Accept", (json != null) ? "application/json" : "text/html");
				if (sim.cookie != null) {
					h.put("Cookie", sim.cookie);
				}
				if (json != null && sim.csrfToken != null) {
					h.put(sim.csrfHeader, sim.csrfToken);
				}
			});
			if (json != null) {
				request.body(new StringRequestContent("application/json", json));
			}
			request.timeout((timeoutMs > 0) ? timeoutMs : LoadClient.TIMEOUT_SECONDS * 1000, TimeUnit.MILLISECONDS);
			browser.busy = true;
			Connection current = browser.connection;
			CompletableFuture<Connection> connection = current.isClosed() ? reconnect(browser) : CompletableFuture.completedFuture(current);
			return connection.handle((c, ex) -> c)
				.thenCompose((c) -> (c != null) ? sendOn(c, request)
						: CompletableFuture.completedFuture(new LoadClient.Answer(0, null, List.of(),
								new IllegalStateException("no connection"))))
				.whenComplete((a, ex) -> browser.busy = false);
		}

		private static CompletableFuture<LoadClient.Answer> sendOn(Connection connection, Request request) {
			CompletableFuture<LoadClient.Answer> future = new CompletableFuture<>();
			connection.send(request, new BufferingResponseListener(1024 * 1024) {
				@Override
				public void onComplete(Result result) {
					if (result.isFailed()) {
						future.complete(new LoadClient.Answer(0, null, List.of(), result.getFailure()));
					}
					else {
						future.complete(new LoadClient.Answer(result.getResponse().getStatus(), getContentAsString(),
								result.getResponse().getHeaders().getValuesList("Set-Cookie"), null));
					}
				}
			});
			return future;
		}

		/** Connections opened again because the browser's was closed. */
		final AtomicInteger reconnects = new AtomicInteger();

		/**
		 * A new connection for the browser, which first serves one {@code GET /}, so that the browser's next request
		 * is its second and it has Jetty's header-field cache like the others.
		 */
		private CompletableFuture<Connection> reconnect(Browser browser) {
			this.reconnects.incrementAndGet();
			return this.destination.newConnection()
				.thenCompose((c) -> sendOn(c, this.client.newRequest(this.base.resolve("/"))
					.method(HttpMethod.GET)
					.timeout(LoadClient.TIMEOUT_SECONDS, TimeUnit.SECONDS)).thenApply((a) -> c))
				.thenApply((c) -> {
					browser.connection = c;
					return c;
				});
		}

		@Override
		public void close() throws Exception {
			this.client.stop();
		}

	}

	/**
	 * The browsers waiting on their connections: plain polls every interval after the answer, or long-polls re-sent
	 * at once when answered (never sooner than one interval after the previous request began).
	 */
	private final class Load {

		private final Pinned pinned;

		private final List<Browser> browsers;

		private final boolean longPoll;

		private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, (r) -> {
			Thread t = new Thread(r, "heap-load");
			t.setDaemon(true);
			return t;
		});

		private volatile boolean running = true;

		private final AtomicInteger inFlight = new AtomicInteger();

		private final LongAdder answered = new LongAdder();

		private final ConcurrentHashMap<String, LongAdder> shed = new ConcurrentHashMap<>();

		private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

		Load(Pinned pinned, List<Browser> browsers, boolean longPoll) {
			this.pinned = pinned;
			this.browsers = browsers;
			this.longPoll = longPoll;
		}

		/** Plain polling: each browser's first poll at a random moment of the first interval; long-poll: at once. */
		void begin() {
			for (Browser browser : this.browsers) {
				long phase = this.longPoll ? 0 : ThreadLocalRandom.current().nextLong(HeapStep.this.intervalMs);
				this.scheduler.schedule(() -> poll(browser), phase, TimeUnit.MILLISECONDS);
			}
		}

		private void poll(Browser browser) {
			if (!this.running) {
				return;
			}
			if (browser.busy) {
				// the previous phase's request is still on this connection (one request at a time)
				try {
					this.scheduler.schedule(() -> poll(browser), 100, TimeUnit.MILLISECONDS);
				}
				catch (java.util.concurrent.RejectedExecutionException stopped) {
					// ended meanwhile
				}
				return;
			}
			int wait = this.longPoll ? browser.sim.waitSeconds : 0;
			String body = (wait > 0) ? "{\"waitSeconds\":" + wait + "}" : "{}";
			long t0 = System.nanoTime();
			this.inFlight.incrementAndGet();
			this.pinned.send(browser, HttpMethod.POST, STATUS, body, wait * 1000L + STATUS_DEADLINE_MS)
				.whenComplete((answer, ex) -> {
					this.inFlight.decrementAndGet();
					if (!this.running) {
						return;
					}
					StatusWaiting.Outcome outcome = StatusWaiting.Outcome.of(answer);
					if (outcome.httpStatus() == 429 || outcome.httpStatus() == 504) {
						this.shed.computeIfAbsent(outcome.detail(), (k) -> new LongAdder()).increment();
					}
					else if (outcome.error()) {
						this.errors.computeIfAbsent(outcome.detail(), (k) -> new LongAdder()).increment();
					}
					else {
						this.answered.increment();
					}
					long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
					long delay = this.longPoll ? Math.max(0, HeapStep.this.intervalMs - elapsedMs)
							: HeapStep.this.intervalMs;
					try {
						this.scheduler.schedule(() -> poll(browser), delay, TimeUnit.MILLISECONDS);
					}
					catch (java.util.concurrent.RejectedExecutionException stopped) {
						// ended meanwhile
					}
				});
		}

		Map<String, Object> counts() {
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("answered", this.answered.sum());
			Map<String, Object> shedByKind = new TreeMap<>();
			this.shed.forEach((k, v) -> shedByKind.put(k, v.sum()));
			out.put("shed", shedByKind);
			Map<String, Object> errorsByKind = new TreeMap<>();
			this.errors.forEach((k, v) -> errorsByKind.put(k, v.sum()));
			out.put("errors", errorsByKind);
			out.put("inFlight", this.inFlight.get());
			out.put("reconnectsSoFar", this.pinned.reconnects.get());
			return out;
		}

		/** Stops sending; waits (at most 90 s) for plain polls in flight. Held requests are left to the server. */
		void end() throws InterruptedException {
			this.running = false;
			this.scheduler.shutdownNow();
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
			while (!this.longPoll && this.inFlight.get() > 0 && System.nanoTime() < until) {
				Thread.sleep(50);
			}
		}

	}

}
