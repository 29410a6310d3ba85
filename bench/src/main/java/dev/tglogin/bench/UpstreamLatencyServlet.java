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
import dev.tglogin.bondify.BondifyStatusPoller;
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
 * reset; only gaps ending after it are counted): the shortest, and how many are shorter than the library's default
 * poll interval and its default webhook fallback interval, the spacing the goals of issue 16 ask for.
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

	/** Gaps shorter than these are counted: the default poll interval, and the default webhook fallback interval. */
	static final long[] GAP_THRESHOLDS_MS = { BondifyProtocol.POLL_INTERVAL.toMillis(),
			BondifyStatusPoller.DEFAULT_WEBHOOK_FALLBACK_CHECK_INTERVAL.toMillis() };

	/** The last verify call of each session (not cleared by a reset, so a window's first gap is counted too). */
	private final transient ConcurrentHashMap<String, AtomicLong> lastVerifyNanos = new ConcurrentHashMap<>();

	private final transient LongAdder gaps = new LongAdder();

	private final transient AtomicLong minGapNanos = new AtomicLong(Long.MAX_VALUE);

	private final transient LongAdder[] gapsUnder = { new LongAdder(), new LongAdder() };

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
		long gap = now - previous;
		this.gaps.increment();
		this.minGapNanos.accumulateAndGet(gap, Math::min);
		for (int i = 0; i < GAP_THRESHOLDS_MS.length; i++) {
			if (gap < TimeUnit.MILLISECONDS.toNanos(GAP_THRESHOLDS_MS[i])) {
				this.gapsUnder[i].increment();
			}
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
		out.put("verifyGaps", this.gaps.sum());
		long minGap = this.minGapNanos.get();
		out.put("minVerifyGapMs", (minGap == Long.MAX_VALUE) ? null : minGap / 1e6);
		Map<String, Object> under = new LinkedHashMap<>();
		for (int i = 0; i < GAP_THRESHOLDS_MS.length; i++) {
			under.put(Long.toString(GAP_THRESHOLDS_MS[i]), this.gapsUnder[i].sum());
		}
		out.put("verifyGapsUnderMs", under);
		out.put("latencyMillis", this.latencyMillis);
		return out;
	}

	Map<String, Object> reset() {
		this.verifies.reset();
		this.generates.reset();
		this.verifiesBySession.clear();
		this.gaps.reset();
		this.minGapNanos.set(Long.MAX_VALUE);
		for (LongAdder under : this.gapsUnder) {
			under.reset();
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
