package dev.tglogin.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;

/**
 * The control port of a child JVM (server or upstream): a JDK {@link HttpServer} on loopback with one thread, outside
 * the app under test, answering JSON for the driver. Every child also has {@code /jvm} (threads, heap, CPU) and
 * {@code /heap} (used heap after the GC settles).
 */
final class Control {

	private final HttpServer server;

	private Control(HttpServer server) {
		this.server = server;
	}

	static Control start(Map<String, Supplier<Map<String, Object>>> routes) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		Map<String, Supplier<Map<String, Object>>> all = new LinkedHashMap<>(routes);
		all.put("/jvm", Control::jvm);
		all.put("/heap", Control::settledHeap);
		all.forEach((path, supplier) -> server.createContext(path, (exchange) -> {
			byte[] body;
			int status = 200;
			try {
				body = JSONObjectUtils.toJSONString(supplier.get()).getBytes(StandardCharsets.UTF_8);
			}
			catch (RuntimeException ex) {
				status = 500;
				body = ("{\"error\":\"" + ex + "\"}").getBytes(StandardCharsets.UTF_8);
			}
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}));
		server.setExecutor(Executors.newSingleThreadExecutor((r) -> {
			Thread t = new Thread(r, "bench-control");
			t.setDaemon(true);
			return t;
		}));
		server.start();
		return new Control(server);
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	/** Quiet logs: warnings and errors only, on stderr (the driver sends them to a log file). */
	static void quietLogging() {
		Logger root = Logger.getLogger("");
		root.setLevel(Level.WARNING);
		for (var handler : root.getHandlers()) {
			handler.setLevel(Level.WARNING);
		}
	}

	static Map<String, Object> jvm() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("liveThreads", threads.getThreadCount());
		out.put("peakThreads", threads.getPeakThreadCount());
		out.put("totalStartedThreads", threads.getTotalStartedThreadCount());
		out.put("heapUsed", memory.getHeapMemoryUsage().getUsed());
		out.put("cpuNanos", cpuNanos());
		out.put("cpuNanosByThreads", cpuNanosByThreads());
		return out;
	}

	/**
	 * The CPU time (user + system) of this JVM's live threads by kind, from {@code /proc/self/task} (Linux, in clock
	 * ticks of 10 ms): {@code jit} (the compiler threads), {@code gc} (the collector's threads and the VM thread),
	 * {@code tglogin} (the library's pools), {@code httpClient} (the JDK HTTP client's selector), {@code jetty} (the
	 * servers' pools) and {@code other}; empty where {@code /proc} cannot be read. What threads that ended meanwhile
	 * used is the process's CPU time minus these.
	 */
	static Map<String, Long> cpuNanosByThreads() {
		Map<String, Long> out = new LinkedHashMap<>();
		java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
		if (tasks == null) {
			return out;
		}
		for (String kind : List.of("jit", "gc", "tglogin", "httpClient", "jetty", "other")) {
			out.put(kind, 0L);
		}
		for (java.io.File task : tasks) {
			String stat;
			try {
				stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
			}
			catch (IOException | RuntimeException ex) {
				continue; // the thread ended meanwhile
			}
			int open = stat.indexOf('(');
			int close = stat.lastIndexOf(')');
			if (open < 0 || close < open) {
				continue;
			}
			String name = stat.substring(open + 1, close);
			String[] fields = stat.substring(close + 2).split(" ");
			if (fields.length < 13) {
				continue;
			}
			long nanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
			out.merge(threadKind(name), nanos, Long::sum);
		}
		return out;
	}

	private static String threadKind(String name) {
		if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
			return "jit";
		}
		if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
			return "gc";
		}
		if (name.startsWith("tglogin-")) {
			return "tglogin";
		}
		if (name.startsWith("HttpClient-")) {
			return "httpClient";
		}
		if (name.startsWith("app-") || name.startsWith("qtp")) {
			return "jetty";
		}
		return "other";
	}

	static Map<String, Object> resetPeakThreads() {
		ManagementFactory.getThreadMXBean().resetPeakThreadCount();
		return jvm();
	}

	static long cpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return -1;
	}

	/**
	 * Used heap after the heap settles: {@code System.gc()} until two readings 200 ms apart differ by less than
	 * 64 KiB (at most 10 rounds), then the median of three more readings after a GC each. {@code heapAfterGc}: the
	 * median of the same three GCs' own figure (the heap pools' usage right after the collection, which does not count
	 * what a running load allocates in the 100 ms before the reading).
	 */
	static Map<String, Object> settledHeap() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long previous = Long.MAX_VALUE;
		int rounds = 0;
		for (; rounds < 10; rounds++) {
			System.gc();
			sleep(200);
			long used = memory.getHeapMemoryUsage().getUsed();
			if (Math.abs(used - previous) < 64 * 1024) {
				break;
			}
			previous = used;
		}
		long[] readings = new long[3];
		long[] afterGc = new long[3];
		for (int i = 0; i < readings.length; i++) {
			System.gc();
			afterGc[i] = usedAfterLastGc();
			sleep(100);
			readings[i] = memory.getHeapMemoryUsage().getUsed();
		}
		java.util.Arrays.sort(readings);
		java.util.Arrays.sort(afterGc);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("heapUsed", readings[1]);
		out.put("readings", java.util.List.of(readings[0], readings[1], readings[2]));
		out.put("rounds", rounds);
		out.put("heapAfterGc", afterGc[1]);
		out.put("afterGcReadings", java.util.List.of(afterGc[0], afterGc[1], afterGc[2]));
		return out;
	}

	/** The heap pools' usage right after their last collection, summed. */
	private static long usedAfterLastGc() {
		long used = 0;
		for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
				used += pool.getCollectionUsage().getUsed();
			}
		}
		return used;
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
