package dev.tglogin.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatorServlet;

/**
 * A diagnostic, not a step of {@code run.sh}: the {@code cost} step's "poll from memory" and "unrelated {@code GET /}"
 * in one JVM, to compare and profile the two. The emulator (no added latency) and the {@code mem} app
 * ({@code upstreamPollInterval} 1 h) run in this JVM; {@code --logins} browsers (1000) each send, in alternating
 * phases of {@code --seconds} (8), a {@code GET /} with their session cookie or a plain {@code POST /status}
 * ({@code {}}) every {@code --interval-ms} (1200, under the 60 per minute session limit) after the answer; the
 * thread CPU in the chain per request (the bench's counting filter, as the {@code cost} step) is printed per phase,
 * then the medians over {@code --rounds} (5) rounds after one of warm-up ({@code --warm-up-seconds}, 15, per
 * phase). With {@code --jfr=<dir>}, each measured phase is recorded with JFR's {@code profile} settings into
 * {@code <dir>/<get|poll>-<round>.jfr} (read them with JDK Mission Control, or
 * {@code jfr print --json --events jdk.ExecutionSample} and a few lines of script). Run after a build:
 * {@code java -cp "bench/target/classes:bench/target/lib/*" dev.tglogin.bench.PollCpuProbe}; to compare two
 * library builds, run it alternately with each jar first on the class path.
 */
public final class PollCpuProbe {

	private static final String STATUS = "/login/telegram/status";

	private PollCpuProbe() {
	}

	public static void main(String[] args) throws Exception {
		Control.quietLogging();
		Map<String, String> options = Args.parse(args);
		int logins = Integer.parseInt(options.getOrDefault("logins", "1000"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "8"));
		int warmUpSeconds = Integer.parseInt(options.getOrDefault("warm-up-seconds", "15"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
		long intervalMs = Long.parseLong(options.getOrDefault("interval-ms", "1200"));
		String jfr = options.get("jfr");
		String label = options.getOrDefault("label", "");
		int localThreads = Integer.parseInt(options.getOrDefault("local-threads", "0"));
		boolean emptyBody = Boolean.parseBoolean(options.getOrDefault("empty-body", "false"));
		BondifyEmulator bondify = BondifyEmulator.builder().projectId(BenchApp.PROJECT_ID).secret(BenchApp.SECRET).build();
		Server upstream = new Server();
		ServerConnector connector = new ServerConnector(upstream);
		connector.setHost("127.0.0.1");
		upstream.addConnector(connector);
		ServletContextHandler context = new ServletContextHandler();
		context.addServlet(new ServletHolder(new EmulatorServlet(bondify)), UpstreamMain.PATH + "/*");
		upstream.setHandler(context);
		upstream.start();
		String upstreamUrl = "http://127.0.0.1:" + connector.getLocalPort() + UpstreamMain.PATH;
		try (BenchApp app = new BenchApp("mem", BenchApp.Flavor.TELEGRAM, upstreamUrl, false, Duration.ofHours(1));
				LoadClient client = new LoadClient()) {
			URI base = URI.create("http://127.0.0.1:" + app.port());
			List<SimBrowser> browsers = SimBrowser.open(client, base, "/login/telegram/start", logins, 32);
			// the first poll of each login finds no state and waits for the first check; after it, memory only
			browsers = firstChecks(client, browsers, base.resolve(STATUS));
			Phases phases;
			if (localThreads > 0) {
				org.eclipse.jetty.server.LocalConnector local = new org.eclipse.jetty.server.LocalConnector(app.server());
				app.server().addConnector(local);
				local.start();
				phases = new LocalPhases(local, browsers, localThreads, intervalMs);
			}
			else {
				List<SimBrowser> all = browsers;
				phases = (uri, body, s) -> runPhase(client, all, uri, body, s, intervalMs);
			}
			Thread.sleep(1500);
			List<Double> get = new ArrayList<>();
			List<Double> poll = new ArrayList<>();
			List<Double> ratio = new ArrayList<>();
			List<Double> empty = new ArrayList<>();
			for (int round = 0; round <= rounds; round++) {
				double g = measure(app, phases, base.resolve("/"), null, (round == 0) ? warmUpSeconds : seconds,
						(round > 0 && jfr != null) ? Path.of(jfr, "get-" + round + ".jfr") : null);
				Thread.sleep(500);
				double p = measure(app, phases, base.resolve(STATUS), "{}", (round == 0) ? warmUpSeconds : seconds,
						(round > 0 && jfr != null) ? Path.of(jfr, "poll-" + round + ".jfr") : null);
				Thread.sleep(500);
				String extra = "";
				if (emptyBody) {
					double e = measure(app, phases, base.resolve(STATUS), "", (round == 0) ? warmUpSeconds : seconds, null);
					Thread.sleep(500);
					extra = String.format(", poll without a body %.1f us", e);
					if (round > 0) {
						empty.add(e);
					}
				}
				System.out.printf("%sround %d%s: in the chain GET / %.1f us, poll from memory %.1f us (%.2fx)%s; load %s%n",
						label, round, (round == 0) ? " (warm-up)" : "", g, p, p / g, extra,
						Files.readString(Path.of("/proc/loadavg")).trim());
				if (round > 0) {
					get.add(g);
					poll.add(p);
					ratio.add(p / g);
				}
			}
			System.out.printf("%smedian of %d rounds: GET / %.1f us, poll from memory %.1f us, ratio %.2f%s%n", label,
					rounds, Stats.median(get), Stats.median(poll), Stats.median(ratio),
					emptyBody ? String.format(", poll without a body %.1f us", Stats.median(empty)) : "");
		}
		finally {
			upstream.stop();
		}
		System.exit(0);
	}

	/**
	 * Polls each login once, 32 at a time, so that its first upstream check is made; returns the browsers answered
	 * {@code pending} (a failed first check would be answered from memory as a failure for the hour).
	 */
	private static List<SimBrowser> firstChecks(LoadClient client, List<SimBrowser> browsers, URI status)
			throws InterruptedException {
		List<SimBrowser> pending = java.util.Collections.synchronizedList(new ArrayList<>());
		java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(32);
		for (SimBrowser browser : browsers) {
			permits.acquire();
			client.postJson(status, browser, "{}").whenComplete((answer, ex) -> {
				if (answer != null && answer.status() == 200) {
					pending.add(browser);
				}
				permits.release();
			});
		}
		permits.acquire(32);
		System.out.println(pending.size() + " of " + browsers.size() + " logins pending after their first check");
		return new ArrayList<>(pending);
	}

	/** One phase: the thread CPU in the chain per request on the path (all dispatches), in microseconds. */
	private static double measure(BenchApp app, Phases phases, URI uri, String body, int seconds, Path jfr)
			throws Exception {
		String path = uri.getPath();
		long[] before = chainCpu(app, path);
		jdk.jfr.Recording recording = null;
		if (jfr != null) {
			Files.createDirectories(jfr.getParent());
			recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
			recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
			recording.setToDisk(true);
			recording.setDestination(jfr);
			recording.start();
		}
		long errors = phases.run(uri, body, seconds);
		if (recording != null) {
			recording.stop();
			recording.close();
		}
		long[] after = chainCpu(app, path);
		if (errors > 0) {
			System.out.println("  " + errors + " requests failed on " + path);
		}
		long requests = after[0] - before[0];
		return (requests > 0) ? (after[1] - before[1]) / 1e3 / requests : Double.NaN;
	}

	@SuppressWarnings("unchecked")
	private static long[] chainCpu(BenchApp app, String path) {
		Map<String, Object> one = (Map<String, Object>) app.requests().cpu().get(path);
		return (one == null) ? new long[2]
				: new long[] { ((Number) one.get("count")).longValue(), ((Number) one.get("cpuNanos")).longValue() };
	}

	/** Runs one phase of requests to a URI and returns how many were not answered with 200. */
	@FunctionalInterface
	private interface Phases {

		long run(URI uri, String body, int seconds) throws Exception;

	}

	/**
	 * A phase through Jetty's in-process {@code LocalConnector} (no sockets, the whole server path otherwise):
	 * {@code threads} threads, each sending its share of the browsers' requests in turn, one at a time, each browser
	 * at most once per {@code intervalMs}.
	 */
	private record LocalPhases(org.eclipse.jetty.server.LocalConnector local, List<SimBrowser> browsers, int threads,
			long intervalMs) implements Phases {

		@Override
		public long run(URI uri, String body, int seconds) throws Exception {
			LongAdder failed = new LongAdder();
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
			List<Thread> running = new ArrayList<>();
			for (int t = 0; t < this.threads; t++) {
				List<SimBrowser> mine = new ArrayList<>();
				for (int i = t; i < this.browsers.size(); i += this.threads) {
					mine.add(this.browsers.get(i));
				}
				Thread thread = new Thread(() -> send(mine, uri, body, end, failed), "probe-local-" + t);
				thread.start();
				running.add(thread);
			}
			for (Thread thread : running) {
				thread.join();
			}
			return failed.sum();
		}

		private void send(List<SimBrowser> mine, URI uri, String body, long end, LongAdder failed) {
			long[] sent = new long[mine.size()];
			long interval = TimeUnit.MILLISECONDS.toNanos(this.intervalMs);
			try {
				for (int i = 0; System.nanoTime() < end; i = (i + 1) % mine.size()) {
					long wait = sent[i] + interval - System.nanoTime();
					if (sent[i] != 0 && wait > 0) {
						TimeUnit.NANOSECONDS.sleep(wait);
					}
					sent[i] = System.nanoTime();
					SimBrowser b = mine.get(i);
					String request = (body != null)
							? "POST " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nCookie: "
									+ b.cookie + "\r\n" + b.csrfHeader + ": " + b.csrfToken
									+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
									+ "\r\nConnection: close\r\n\r\n" + body
							: "GET " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\nCookie: " + b.cookie
									+ "\r\nConnection: close\r\n\r\n";
					String answer = this.local.getResponse(request);
					if (answer == null || !answer.startsWith("HTTP/1.1 200")) {
						failed.increment();
					}
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * Each browser sends its request every {@code intervalMs} after its answer for {@code seconds} (with
	 * {@code intervalMs} 0: once); returns how many were not answered with 200.
	 */
	private static long runPhase(LoadClient client, List<SimBrowser> browsers, URI uri, String body, int seconds,
			long intervalMs) throws InterruptedException {
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
		AtomicBoolean running = new AtomicBoolean(true);
		LongAdder failed = new LongAdder();
		CountDownLatch done = new CountDownLatch(browsers.size());
		for (SimBrowser browser : browsers) {
			Runnable[] send = new Runnable[1];
			send[0] = () -> {
				if (!running.get()) {
					done.countDown();
					return;
				}
				((body != null) ? client.postJson(uri, browser, body) : client.get(uri, browser, "text/html"))
					.whenComplete((answer, ex) -> {
						if (answer == null || answer.status() != 200) {
							failed.increment();
						}
						if (intervalMs <= 0) {
							done.countDown();
							return;
						}
						scheduler.schedule(send[0], intervalMs, TimeUnit.MILLISECONDS);
					});
			};
			scheduler.schedule(send[0], (intervalMs > 0) ? ThreadLocalRandom.current().nextLong(intervalMs) : 0,
					TimeUnit.MILLISECONDS);
		}
		if (intervalMs > 0) {
			Thread.sleep(seconds * 1000L);
			running.set(false);
		}
		done.await(30, TimeUnit.SECONDS);
		scheduler.shutdownNow();
		return failed.sum();
	}

}
