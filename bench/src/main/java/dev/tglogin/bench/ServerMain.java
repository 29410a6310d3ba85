package dev.tglogin.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The server JVM: one or more {@link BenchApp}s, each on its own Jetty server and thread pool, plus the control port.
 * <p>
 * Arguments: {@code --apps=name:FLAVOR[:option...][,name:FLAVOR...] --upstream=<Bondify base URL> [--webhook=true]}
 * (the last: {@code telegramLogin()} accepts Bondify webhooks); an app's options: {@code webhook} (this app accepts
 * webhooks), {@code interval=<ms>} (its {@code upstreamPollInterval}), {@code jetty} or {@code jdk} (its upstream
 * calls over that HTTP client, {@code telegramLogin().httpClient(..)}, instead of {@code --http-client}'s: {@code auto}
 * by default, the library's default, which picks Jetty's client on this class path);
 * {@code --shared-jdbc=<url> --shared-schema=<schema> [--shared-store=false]}: every app's store (unless
 * {@code false}: a diagnostic) and HTTP sessions in that PostgreSQL schema ({@link SharedStore}). Prints
 * {@code READY control=<port> <name>=<port> ...} on stdout once everything listens.
 * <p>
 * Control: {@code /jvm}, {@code /heap}, {@code /connections} (per app: connections open now), {@code /reset} (resets the JVM's peak thread count and the pool maxima) and
 * {@code /pools} (per app: the pool's threads, busy threads and queued jobs now and their maxima since the last
 * reset, sampled every 20 ms; and the requests suspended with servlet async processing: now, their maximum and mean).
 */
public final class ServerMain {

	private ServerMain() {
	}

	public static void main(String[] args) throws Exception {
		Control.quietLogging();
		Map<String, String> options = Args.parse(args);
		String upstream = options.getOrDefault("upstream", "http://127.0.0.1:9/tglogin-emulator");
		boolean webhook = Boolean.parseBoolean(options.getOrDefault("webhook", "false"));
		// --http-client=auto|jdk|jetty: every app's upstream client unless its spec names one (default auto, the
		// library's default: Jetty's client, which this class path holds)
		dev.tglogin.http.HttpClientType defaultHttpClient = dev.tglogin.http.HttpClientType
			.valueOf(options.getOrDefault("http-client", "auto").toUpperCase(java.util.Locale.ROOT));
		List<BenchApp> apps = new ArrayList<>();
		// --shared-jdbc=<url> --shared-schema=<schema>: the store and HTTP sessions in PostgreSQL (TwoInstancesPhase);
		// --shared-store=false: only the sessions (a diagnostic)
		SharedStore shared = options.containsKey("shared-jdbc") ? new SharedStore(options.get("shared-jdbc"),
				options.get("shared-schema"), Boolean.parseBoolean(options.getOrDefault("shared-store", "true"))) : null;
		for (String spec : options.get("apps").split(",")) {
			String[] parts = spec.split(":");
			boolean appWebhook = webhook;
			java.time.Duration interval = null;
			dev.tglogin.http.HttpClientType httpClient = defaultHttpClient;
			for (int i = 2; i < parts.length; i++) {
				if (parts[i].equals("webhook")) {
					appWebhook = true;
				}
				else if (parts[i].equals("jetty")) {
					httpClient = dev.tglogin.http.HttpClientType.JETTY;
				}
				else if (parts[i].equals("jdk")) {
					httpClient = dev.tglogin.http.HttpClientType.JDK;
				}
				else if (parts[i].startsWith("interval=")) {
					interval = java.time.Duration.ofMillis(Long.parseLong(parts[i].substring("interval=".length())));
				}
			}
			apps.add(new BenchApp(parts[0], BenchApp.Flavor.valueOf(parts[1]), upstream, appWebhook, interval,
					httpClient, shared));
		}
		List<PoolSampler> samplers = apps.stream().map((app) -> new PoolSampler(app.name(), app.pool(), app.requests())).toList();
		ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread t = new Thread(r, "bench-pool-sampler");
			t.setDaemon(true);
			return t;
		});
		sampling.scheduleAtFixedRate(() -> samplers.forEach(PoolSampler::sample), 20, 20, TimeUnit.MILLISECONDS);
		ThreadGroups groups = new ThreadGroups();
		sampling.scheduleAtFixedRate(groups::sample, 250, 250, TimeUnit.MILLISECONDS);
		Map<String, Supplier<Map<String, Object>>> routes = new LinkedHashMap<>();
		routes.put("/reset", () -> {
			samplers.forEach(PoolSampler::reset);
			apps.forEach((app) -> app.requests().reset());
			groups.reset();
			return Control.resetPeakThreads();
		});
		routes.put("/pools", () -> {
			Map<String, Object> out = new LinkedHashMap<>();
			samplers.forEach((sampler) -> out.put(sampler.name, sampler.snapshot()));
			out.put("threadsByNameMax", groups.snapshot());
			Map<String, Object> requests = new LinkedHashMap<>();
			apps.forEach((app) -> app.requests().snapshot().forEach((path, n) -> requests.merge(path, n,
					(x, y) -> ((Number) x).longValue() + ((Number) y).longValue())));
			out.put("requests", requests);
			return out;
		});
		routes.put("/connections", () -> {
			Map<String, Object> out = new LinkedHashMap<>();
			apps.forEach((app) -> out.put(app.name(), app.openConnections()));
			return out;
		});
		routes.put("/requestCpu", () -> {
			Map<String, Object> out = new LinkedHashMap<>();
			apps.forEach((app) -> out.put(app.name(), app.requests().cpu()));
			return out;
		});
		Control control = Control.start(routes);
		StringBuilder ready = new StringBuilder("READY control=").append(control.port());
		apps.forEach((app) -> ready.append(' ').append(app.name()).append('=').append(app.port()));
		System.out.println(ready);
		System.out.flush();
		Thread.currentThread().join();
	}

	/**
	 * Live threads grouped by name (digits replaced by {@code #}, e.g. {@code HttpClient-#-Worker-#}), the largest
	 * count of each group seen since the last reset, sampled every 250 ms: shows where the threads are.
	 */
	static final class ThreadGroups {

		private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();

		private final Map<String, Integer> max = new java.util.TreeMap<>();

		synchronized void sample() {
			Map<String, Integer> now = new java.util.HashMap<>();
			for (java.lang.management.ThreadInfo info : this.threads.getThreadInfo(this.threads.getAllThreadIds())) {
				if (info != null) {
					now.merge(info.getThreadName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
				}
			}
			now.forEach((group, count) -> this.max.merge(group, count, Math::max));
		}

		synchronized void reset() {
			this.max.clear();
			sample();
		}

		synchronized Map<String, Object> snapshot() {
			return new LinkedHashMap<>(this.max);
		}

	}

	/** Maxima of a Jetty pool's threads, busy threads and queue, sampled. */
	static final class PoolSampler {

		private final String name;

		private final QueuedThreadPool pool;

		private final BenchApp.RequestCounter requests;

		private volatile int maxThreads;

		private volatile int maxHeld;

		private long heldSum;

		private long heldSamples;

		private volatile int maxBusy;

		private volatile int maxQueued;

		PoolSampler(String name, QueuedThreadPool pool, BenchApp.RequestCounter requests) {
			this.name = name;
			this.pool = pool;
			this.requests = requests;
		}

		synchronized void sample() {
			int held = this.requests.held();
			this.maxHeld = Math.max(this.maxHeld, held);
			this.heldSum += held;
			this.heldSamples++;
			this.maxThreads = Math.max(this.maxThreads, this.pool.getThreads());
			this.maxBusy = Math.max(this.maxBusy, this.pool.getBusyThreads());
			this.maxQueued = Math.max(this.maxQueued, this.pool.getQueueSize());
		}

		synchronized void reset() {
			this.maxHeld = this.requests.held();
			this.heldSum = 0;
			this.heldSamples = 0;
			this.maxThreads = this.pool.getThreads();
			this.maxBusy = this.pool.getBusyThreads();
			this.maxQueued = this.pool.getQueueSize();
		}

		synchronized Map<String, Object> snapshot() {
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("held", this.requests.held());
			out.put("maxHeldSeen", this.maxHeld);
			out.put("meanHeld", this.heldSamples > 0 ? this.heldSum / (double) this.heldSamples : null);
			out.put("maxPoolSize", this.pool.getMaxThreads());
			out.put("threads", this.pool.getThreads());
			out.put("busy", this.pool.getBusyThreads());
			out.put("queued", this.pool.getQueueSize());
			out.put("maxThreadsSeen", this.maxThreads);
			out.put("maxBusySeen", this.maxBusy);
			out.put("maxQueuedSeen", this.maxQueued);
			return out;
		}

	}

}
