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
 * Per session it also keeps when its last verify call arrived, and in each window (from the last {@link #reset()})
 * the largest gap between two of its calls that ended in the window, and at {@link #stats()} the time since its last
 * call counts as a gap too, so a login checked once per interval has a largest gap of about the interval, and one not
 * checked for longer shows it even in a short window. Gaps count from {@link #pollingStarted()} at the earliest (the
 * driver says when the browsers start polling, so a pause between polling periods is no gap).
 * <p>
 * It also times every gap between two verify calls of one session on arrival (the previous call may be before the
 * last reset; only gaps ending after it are counted): the shortest, and a histogram of those under 20 s in 10 ms
 * buckets, from which the driver counts the gaps shorter than the spacing a goal of issue 16 asks for.
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

	/** Per session: calls in the window, the last call and the largest gap in the window. Kept across windows. */
	private final transient ConcurrentHashMap<String, Track> tracks = new ConcurrentHashMap<>();

	private volatile long windowStart = System.nanoTime();

	/** When the browsers (re)started polling, as the driver says: gaps count from here at the earliest. */
	private volatile long pollingStart = System.nanoTime();

	private final long gapLimitMillis;

	private final transient LongAdder verifies = new LongAdder();

	/** The width of the histogram's buckets; gaps of 20 s and more are counted but not in it. */
	static final int GAP_BUCKET_MS = 10;

	private static final int GAP_BUCKETS = 2000;

	private final transient LongAdder gapCount = new LongAdder();

	private final transient AtomicLong minGapNanos = new AtomicLong(Long.MAX_VALUE);

	private final transient AtomicLongArray gapBuckets = new AtomicLongArray(GAP_BUCKETS);

	/** The gaps between two calls of one session that ended since the reset (raw, not counted from polling's start). */
	private final transient PollingLoad.Latencies verifyGaps = new PollingLoad.Latencies(1 << 12);

	private final transient LongAdder generates = new LongAdder();

	UpstreamLatencyServlet(EmulatorServlet emulator, long latencyMillis) {
		this(emulator, latencyMillis, 4000);
	}

	/**
	 * @param gapLimitMillis {@link #stats()} counts the sessions whose largest gap in the window is longer
	 */
	UpstreamLatencyServlet(EmulatorServlet emulator, long latencyMillis, long gapLimitMillis) {
		this.emulator = emulator;
		this.latencyMillis = latencyMillis;
		this.gapLimitMillis = gapLimitMillis;
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
		byte[] body = request.getInputStream().readNBytes(EmulatorServlet.MAX_BODY_BYTES + 1);
		this.verifies.increment();
		Matcher token = SESSION_TOKEN.matcher(new String(body, StandardCharsets.UTF_8));
		long gap = this.tracks.computeIfAbsent(token.find() ? token.group(1) : "?", (k) -> new Track())
			.call(System.nanoTime(), this.pollingStart);
		if (gap >= 0) {
			gap(gap);
		}
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

	private void gap(long gap) {
		this.verifyGaps.add(gap);
		this.gapCount.increment();
		this.minGapNanos.accumulateAndGet(gap, Math::min);
		long bucket = gap / TimeUnit.MILLISECONDS.toNanos(GAP_BUCKET_MS);
		if (bucket < GAP_BUCKETS) {
			this.gapBuckets.incrementAndGet((int) bucket);
		}
	}

	/**
	 * Counts since the last reset: calls, sessions verified in the window ({@code sessionsVerified}), the most calls
	 * of one session, and the sessions' largest gaps between checks ({@code maxGapMs}: the largest of all sessions
	 * ever verified, {@code sessionGapMs}: p50/p99/max over sessions, {@code sessionsOverGapLimit}: how many exceed
	 * {@code gapLimitMs}).
	 */
	Map<String, Object> stats() {
		long now = System.nanoTime();
		long windowStart = this.windowStart;
		long pollingStart = this.pollingStart;
		long max = 0;
		long sessions = 0;
		long over = 0;
		long limitNanos = TimeUnit.MILLISECONDS.toNanos(this.gapLimitMillis);
		long[] gaps = new long[this.tracks.size()];
		java.util.List<long[]> overGaps = new java.util.ArrayList<>();
		int i = 0;
		for (Track track : this.tracks.values()) {
			long gap;
			long calls;
			long gapFrom;
			boolean open;
			synchronized (track) {
				calls = track.calls;
				long since = now - Math.max(track.last, pollingStart);
				open = since > track.maxGap;
				gap = open ? since : track.maxGap;
				gapFrom = open ? Math.max(track.last, pollingStart) : track.maxGapFrom;
			}
			max = Math.max(max, calls);
			sessions += (calls > 0) ? 1 : 0;
			if (gap > limitNanos) {
				over++;
				if (overGaps.size() < 40) {
					overGaps.add(new long[] { gapFrom - windowStart, gap, open ? 1 : 0, calls });
				}
			}
			if (i < gaps.length) {
				gaps[i++] = gap;
			}
		}
		long[] sorted = java.util.Arrays.copyOf(gaps, i);
		java.util.Arrays.sort(sorted);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("verifyCalls", this.verifies.sum());
		out.put("generateCalls", this.generates.sum());
		out.put("sessionsVerified", sessions);
		out.put("sessionsTracked", (long) sorted.length);
		out.put("maxVerifyCallsPerSession", max);
		// the time between two verify calls of one session (arrivals here), for those that ended since the reset
		out.put("verifyGapMs", Stats.latencySummary(this.verifyGaps.sorted()));
		out.put("verifyGaps", this.gapCount.sum());
		long minGap = this.minGapNanos.get();
		out.put("minVerifyGapMs", (minGap == Long.MAX_VALUE) ? null : minGap / 1e6);
		Map<String, Object> histogram = new LinkedHashMap<>();
		for (int b = 0; b < GAP_BUCKETS; b++) {
			long n = this.gapBuckets.get(b);
			if (n > 0) {
				histogram.put(Integer.toString(b * GAP_BUCKET_MS), n);
			}
		}
		out.put("verifyGapHistogramMs", histogram);
		out.put("windowMs", Stats.ms(now - windowStart));
		out.put("gapLimitMs", this.gapLimitMillis);
		out.put("sessionsOverGapLimit", over);
		// a diagnostic: the first sessions over the limit, when their largest gap began (ms from the window's start),
		// how long it was, whether it was still open at the window's end, and the session's calls in the window
		overGaps.sort(java.util.Comparator.comparingLong((long[] g) -> g[0]));
		out.put("overGapLimit", overGaps.stream()
			.map((g) -> Map.of("fromMs", Stats.ms(g[0]), "gapMs", Stats.ms(g[1]), "open", g[2] == 1, "calls", g[3]))
			.toList());
		out.put("maxGapMs", Stats.ms(sorted.length > 0 ? sorted[sorted.length - 1] : Double.NaN));
		out.put("sessionGapMs", Map.of("p50", nullable(Stats.ms(Stats.percentile(sorted, 50))), "p99",
				nullable(Stats.ms(Stats.percentile(sorted, 99)))));
		out.put("latencyMillis", this.latencyMillis);
		return out;
	}

	private static Object nullable(Double value) {
		return (value != null) ? value : "-";
	}

	/** The driver's word that the browsers start polling now (after a pause, or the first time). */
	Map<String, Object> pollingStarted() {
		this.pollingStart = System.nanoTime();
		return Map.of("pollingStarted", true);
	}

	/** Starts a window: clears the counts and the sessions' largest gaps (not their last call). */
	Map<String, Object> reset() {
		this.verifies.reset();
		this.generates.reset();
		this.verifyGaps.clear();
		this.gapCount.reset();
		this.minGapNanos.set(Long.MAX_VALUE);
		for (int b = 0; b < GAP_BUCKETS; b++) {
			this.gapBuckets.set(b, 0);
		}
		long now = System.nanoTime();
		for (Track track : this.tracks.values()) {
			synchronized (track) {
				track.calls = 0;
				track.maxGap = 0;
			}
		}
		this.windowStart = now;
		return stats();
	}

	/** One session's verify calls. */
	private static final class Track {

		long calls;

		long last = Long.MIN_VALUE;

		long maxGap;

		long maxGapFrom;

		/** Counts a call; returns the gap since the session's previous call, or -1 for its first. */
		synchronized long call(long now, long pollingStart) {
			this.calls++;
			long raw = (this.last != Long.MIN_VALUE) ? now - this.last : -1;
			long from = (this.last == Long.MIN_VALUE) ? pollingStart : Math.max(this.last, pollingStart);
			if (now - from > this.maxGap) {
				this.maxGap = now - from;
				this.maxGapFrom = from;
			}
			this.last = now;
			return raw;
		}

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
