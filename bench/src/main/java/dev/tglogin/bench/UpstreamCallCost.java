package dev.tglogin.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.tglogin.bondify.HttpBondifyClient;
import dev.tglogin.http.UpstreamHttpClient;

/**
 * A diagnostic, not a step of {@code run.sh}: the process CPU of one Bondify status call through
 * {@link HttpBondifyClient#statusAsync} alone (no filter chain, no poller), split by thread, against
 * {@link UpstreamMain} in another JVM. {@code --logins} sessions (300), each called every {@code --interval-ms} (2000),
 * {@code --windows} windows (4) of {@code --seconds} (10) after one of warm-up; prints per window the CPU per call
 * (the process's, minus its idle rate), the threads started and each thread group's CPU. {@code --transport=jdk}
 * (default) or {@code jetty} picks the library's HTTP client ({@link UpstreamHttpClient#jetty}). The JIT is still
 * compiling for about two minutes: compare transports with {@code --seconds=30 --windows=6} or more. Run after a build:
 * {@code java -cp "bench/target/classes:bench/target/lib/*" dev.tglogin.bench.UpstreamCallCost}; add JVM options
 * to compare (e.g. {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=2}, or another JDK).
 */
public final class UpstreamCallCost {

	private UpstreamCallCost() {
	}

	public static void main(String[] args) throws Exception {
		Control.quietLogging();
		Map<String, String> options = Args.parse(args);
		int logins = Integer.parseInt(options.getOrDefault("logins", "300"));
		long intervalNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(options.getOrDefault("interval-ms", "2000")));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
		int windows = Integer.parseInt(options.getOrDefault("windows", "4"));
		String transport = options.getOrDefault("transport", "jdk");
		if (!transport.equals("jdk") && !transport.equals("jetty")) {
			throw new IllegalArgumentException("--transport must be jdk or jetty (got " + transport + ")");
		}
		try (Child upstream = Child.start("upstream-call-cost", UpstreamMain.class, List.of("-Xmx256m"),
				List.of("--latency-ms=" + options.getOrDefault("upstream-latency-ms", "200")),
				Path.of("bench/target/logs"))) {
			UpstreamHttpClient http = transport.equals("jetty")
					? UpstreamHttpClient.jetty("bondify", Duration.ofSeconds(2), Duration.ofSeconds(5))
					: new UpstreamHttpClient("bondify", Duration.ofSeconds(2), Duration.ofSeconds(5));
			HttpBondifyClient client = new HttpBondifyClient(http,
					"http://127.0.0.1:" + upstream.port("upstream") + UpstreamMain.PATH, BenchApp.PROJECT_ID);
			List<String> sessions = new ArrayList<>();
			for (int i = 0; i < logins; i++) {
				sessions.add(client.generate().sessionToken());
			}
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
				.getOperatingSystemMXBean();
			long idleCpu = os.getProcessCpuTime();
			long idleStart = System.nanoTime();
			Thread.sleep(3000);
			double idlePerNano = (double) (os.getProcessCpuTime() - idleCpu) / (System.nanoTime() - idleStart);
			AtomicLong answered = new AtomicLong();
			AtomicLong failed = new AtomicLong();
			long next = System.nanoTime();
			int call = 0;
			for (int window = 0; window <= windows; window++) {
				Map<String, Long> groups = cpuByThreadGroup(threads);
				long answered0 = answered.get();
				long started0 = threads.getTotalStartedThreadCount();
				long cpu0 = os.getProcessCpuTime();
				long wall0 = System.nanoTime();
				long end = wall0 + TimeUnit.SECONDS.toNanos(seconds);
				while (System.nanoTime() < end) {
					client.statusAsync(sessions.get(call++ % logins))
						.whenComplete((status, failure) -> ((failure != null) ? failed : answered).incrementAndGet());
					next += intervalNanos / logins;
					long sleep = next - System.nanoTime();
					if (sleep > 0) {
						TimeUnit.NANOSECONDS.sleep(sleep);
					}
				}
				long wall = System.nanoTime() - wall0;
				long cpu = os.getProcessCpuTime() - cpu0 - (long) (idlePerNano * wall);
				long calls = answered.get() - answered0;
				StringBuilder split = new StringBuilder();
				long live = 0;
				for (Map.Entry<String, Long> group : cpuByThreadGroup(threads).entrySet()) {
					long used = group.getValue() - groups.getOrDefault(group.getKey(), 0L);
					live += used;
					if (calls > 0 && used / 1e3 / calls >= 1) {
						split.append(String.format(" %s %.0f", group.getKey(), used / 1e3 / calls));
					}
				}
				// threads that ended in the window, and the JVM's own (JIT compiler, GC)
				split.append(String.format(" other %.0f", (calls > 0) ? (cpu - live) / 1e3 / calls : 0.0));
				System.out.printf("%s window %d%s: %d calls (%d failed in all), %.0f us of process CPU per call, "
						+ "%d threads started; us per call by thread:%s; load %s%n", transport, window,
						(window == 0) ? " (warm-up)" : "", calls, failed.get(), (calls > 0) ? cpu / 1e3 / calls : 0.0,
						threads.getTotalStartedThreadCount() - started0, split,
						Files.readString(Path.of("/proc/loadavg")).trim());
			}
		}
		System.exit(0);
	}

	/** CPU time of the live threads by name with the digits dropped ({@code tglogin-bondify-http-N}, ...). */
	private static Map<String, Long> cpuByThreadGroup(ThreadMXBean threads) {
		Map<String, Long> groups = new TreeMap<>();
		for (long id : threads.getAllThreadIds()) {
			ThreadInfo info = threads.getThreadInfo(id);
			long nanos = threads.getThreadCpuTime(id);
			if (info != null && nanos > 0) {
				groups.merge(info.getThreadName().replaceAll("[0-9]+", "N"), nanos, Long::sum);
			}
		}
		return groups;
	}

}
