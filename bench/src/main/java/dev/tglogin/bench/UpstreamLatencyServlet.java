package dev.tglogin.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.emulator.EmulatorServlet;

/**
 * Wraps the library's {@link EmulatorServlet} to play a remote Bondify: every {@code verify} call answers after a
 * fixed latency (200 ms by default), and every upstream call is counted (verify calls per Bondify session, generate
 * calls).
 * <p>
 * Why not {@code Fault.latency}: the emulator's faults are a consumed queue (at most 10,000 per enqueue) and a latency
 * fault sleeps on the emulator's own request thread, so at 5,000 verifies/s with 200 ms the emulator would need 1,000
 * threads and would itself be what the benchmark measures. Here the delay holds no thread: the request is put in
 * servlet async mode, and a scheduler runs the real {@link EmulatorServlet} on it when the latency has passed, so the
 * upstream answers in 200 ms whatever the concurrency, as a remote service with spare capacity would. The emulator's
 * state is read after the delay.
 * <p>
 * It also times the gap between two verify calls of one session, on arrival (the previous call may be before the last
 * reset; only gaps ending after it are counted): the shortest, and a histogram of those under 20 s in 10 ms buckets,
 * from which the driver counts the gaps shorter than the spacing a goal of issue 16 asks for.
 */
final class UpstreamLatencyServlet extends HttpServlet {

	private static final Pattern SESSION_TOKEN = Pattern.compile("\"session_token\"\\s*:\\s*\"([^\"]+)\"");

	private final EmulatorServlet emulator;

	private final long latencyMillis;

	private final transient ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, (r) -> {
		Thread t = new Thread(r, "upstream-latency");
		t.setDaemon(true);
		return t;
	});

	private final transient ConcurrentHashMap<String, LongAdder> verifiesBySession = new ConcurrentHashMap<>();

	private final transient LongAdder verifies = new LongAdder();

	/** The width of the histogram's buckets; gaps of 20 s and more are counted but not in it. */
	static final int GAP_BUCKET_MS = 10;

	private static final int GAP_BUCKETS = 2000;

	/** The last verify call of each session (not cleared by a reset, so a window's first gap is counted too). */
	private final transient ConcurrentHashMap<String, AtomicLong> lastVerifyNanos = new ConcurrentHashMap<>();

	private final transient LongAdder gaps = new LongAdder();

	private final transient AtomicLong minGapNanos = new AtomicLong(Long.MAX_VALUE);

	private final transient AtomicLongArray gapBuckets = new AtomicLongArray(GAP_BUCKETS);

	/** The gaps between two calls of one session since the reset (a summary for the two-instances phase). */
	private final transient PollingLoad.Latencies verifyGaps = new PollingLoad.Latencies(1 << 12);

	private final transient LongAdder generates = new LongAdder();

	UpstreamLatencyServlet(EmulatorServlet emulator, long latencyMillis) {
		this.emulator = emulator;
		this.latencyMillis = latencyMillis;
	}

	@Override
	public void init(ServletConfig config) throws ServletException {
		super.init(config);
		this.emulator.init(config);
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		String path = request.getPathInfo();
		if (BondifyProtocol.GENERATE_PATH.equals(path)) {
			this.generates.increment();
		}
		if (!"POST".equals(request.getMethod()) || !BondifyProtocol.VERIFY_PATH.equals(path)) {
			this.emulator.service(request, response);
			return;
		}
		long now = System.nanoTime();
		byte[] body = request.getInputStream().readNBytes(EmulatorServlet.MAX_BODY_BYTES + 1);
		this.verifies.increment();
		Matcher token = SESSION_TOKEN.matcher(new String(body, StandardCharsets.UTF_8));
		String session = token.find() ? token.group(1) : "?";
		this.verifiesBySession.computeIfAbsent(session, (k) -> new LongAdder()).increment();
		gap(session, now);
		HttpServletRequest replay = new BodyReplayRequest(request, body);
		if (this.latencyMillis <= 0) {
			this.emulator.service(replay, response);
			return;
		}
		AsyncContext async = request.startAsync();
		async.setTimeout(0);
		this.scheduler.schedule(() -> {
			try {
				this.emulator.service(replay, (HttpServletResponse) async.getResponse());
			}
			catch (Exception ex) {
				// the emulator answers its own errors; this is the client going away
			}
			finally {
				async.complete();
			}
		}, this.latencyMillis, TimeUnit.MILLISECONDS);
	}

	private void gap(String session, long now) {
		long previous = this.lastVerifyNanos.computeIfAbsent(session, (k) -> new AtomicLong()).getAndSet(now);
		if (previous == 0) {
			return;
		}
		this.verifyGaps.add(now - previous);
		long gap = now - previous;
		this.gaps.increment();
		this.minGapNanos.accumulateAndGet(gap, Math::min);
		long bucket = gap / TimeUnit.MILLISECONDS.toNanos(GAP_BUCKET_MS);
		if (bucket < GAP_BUCKETS) {
			this.gapBuckets.incrementAndGet((int) bucket);
		}
	}

	/** Counts since the last reset. */
	Map<String, Object> stats() {
		long max = 0;
		long sessions = 0;
		for (LongAdder count : this.verifiesBySession.values()) {
			max = Math.max(max, count.sum());
			sessions++;
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("verifyCalls", this.verifies.sum());
		out.put("generateCalls", this.generates.sum());
		out.put("sessionsVerified", sessions);
		out.put("maxVerifyCallsPerSession", max);
		// the time between two verify calls of one session (arrivals here), for those that ended since the reset
		out.put("verifyGapMs", Stats.latencySummary(this.verifyGaps.sorted()));
		out.put("verifyGaps", this.gaps.sum());
		long minGap = this.minGapNanos.get();
		out.put("minVerifyGapMs", (minGap == Long.MAX_VALUE) ? null : minGap / 1e6);
		Map<String, Object> histogram = new LinkedHashMap<>();
		for (int i = 0; i < GAP_BUCKETS; i++) {
			long n = this.gapBuckets.get(i);
			if (n > 0) {
				histogram.put(Integer.toString(i * GAP_BUCKET_MS), n);
			}
		}
		out.put("verifyGapHistogramMs", histogram);
		out.put("latencyMillis", this.latencyMillis);
		return out;
	}

	Map<String, Object> reset() {
		this.verifies.reset();
		this.generates.reset();
		this.verifiesBySession.clear();
		this.verifyGaps.clear();
		this.gaps.reset();
		this.minGapNanos.set(Long.MAX_VALUE);
		for (int i = 0; i < GAP_BUCKETS; i++) {
			this.gapBuckets.set(i, 0);
		}
		return stats();
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
		this.emulator.destroy();
	}

	/** The request with its body read again from memory. */
	private static final class BodyReplayRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BodyReplayRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException();
				}

			};
		}

	}

}
