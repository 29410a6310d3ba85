package dev.tglogin.bench;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Drives many {@link SimBrowser}s waiting for their logins with a {@link StatusWaiting.Mode}: each browser's first
 * status request goes at a random moment within the first interval (so the load is spread, as real browsers that
 * started at different times), then each next one as the mode says. Closed loop per browser, like the real client:
 * when answers slow down, a browser polls less often, so the achieved rate is reported next to the offered one.
 * <p>
 * Answers completed while {@link #record(boolean) recording} are counted: latency (send to full answer, or to the
 * failure, such as the client's timeout), outcome; {@code answered} counts the successful ones (200 pending or
 * confirmed) and {@code okLatencyMs} is their latency, send to full answer; {@code shed} counts the server's refusals
 * to do the work now (429, 503, 504) and {@code errors} everything else that failed, each apart from the answered
 * polls; {@code latencyMs} covers every completed request, a diagnostic only.
 * <p>
 * {@code responseMs} (the percentiles to publish) is the answered polls' response time: for a plain poll its
 * latency; for a held request (long-poll, {@code waitSeconds} = w) answered after w or later, how long after the end
 * of its wait the answer came (latency − w), since the server is asked to keep it until then; answered sooner (the
 * server did not hold it, or the status changed), its latency.
 */
final class PollingLoad implements AutoCloseable {

	private final LoadClient client;

	private final URI statusUri;

	private final StatusWaiting.Mode mode;

	private final long intervalMs;

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, (r) -> {
		Thread t = new Thread(r, "polling-scheduler");
		t.setDaemon(true);
		return t;
	});

	private final BiConsumer<SimBrowser, StatusWaiting.Outcome> onFinal;

	private volatile boolean running = true;

	private volatile boolean recording;

	private final Latencies latencies = new Latencies(1 << 20);

	private final Latencies okLatencies = new Latencies(1 << 20);

	private final Latencies responses = new Latencies(1 << 20);

	private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

	/** 429, 503 and 504 answers: the server shed the poll (throttle, calls in flight, an upstream wait timed out). */
	private final ConcurrentHashMap<String, LongAdder> shed = new ConcurrentHashMap<>();

	private final int tabs;

	private final LongAdder sent = new LongAdder();

	private final AtomicInteger inFlight = new AtomicInteger();

	/** In-flight requests sampled every 100 ms while recording: sum, samples, maximum. */
	private final LongAdder inFlightSum = new LongAdder();

	private final LongAdder inFlightSamples = new LongAdder();

	private final AtomicInteger inFlightMax = new AtomicInteger();

	private volatile List<SimBrowser> browsers = List.of();

	PollingLoad(LoadClient client, URI base, StatusWaiting.Variant variant, long intervalMs,
			BiConsumer<SimBrowser, StatusWaiting.Outcome> onFinal) {
		this(client, base, variant, intervalMs, 1, onFinal);
	}

	/**
	 * @param tabs how many tabs of each browser poll its login, each on its own schedule (the same session)
	 */
	PollingLoad(LoadClient client, URI base, StatusWaiting.Variant variant, long intervalMs, int tabs,
			BiConsumer<SimBrowser, StatusWaiting.Outcome> onFinal) {
		this.tabs = tabs;
		this.client = client;
		this.statusUri = base.resolve(variant.statusPath() + variant.mode().query());
		this.mode = variant.mode();
		this.intervalMs = intervalMs;
		this.onFinal = onFinal;
	}

	void start(List<SimBrowser> browsers) {
		this.browsers = browsers;
		this.scheduler.scheduleAtFixedRate(() -> {
			if (this.recording) {
				int now = this.inFlight.get();
				this.inFlightSum.add(now);
				this.inFlightSamples.increment();
				this.inFlightMax.accumulateAndGet(now, Math::max);
			}
		}, 100, 100, TimeUnit.MILLISECONDS);
		for (SimBrowser browser : browsers) {
			// a fresh start (also when the same browsers poll again after a pause): the first request of each spreads
			// its long-poll wait again (StatusWaiting.LongPolling)
			browser.polls = 0;
			for (int tab = 0; tab < this.tabs; tab++) {
				long phase = ThreadLocalRandom.current().nextLong(this.intervalMs);
				this.scheduler.schedule(() -> poll(browser), phase, TimeUnit.MILLISECONDS);
			}
		}
	}

	/** Starts or stops counting answers; starting clears the previous counts. */
	void record(boolean on) {
		if (on) {
			this.latencies.clear();
			this.okLatencies.clear();
			this.responses.clear();
			this.errors.clear();
			this.shed.clear();
			this.sent.reset();
			this.inFlightSum.reset();
			this.inFlightSamples.reset();
			this.inFlightMax.set(0);
		}
		this.recording = on;
	}

	private void poll(SimBrowser browser) {
		if (!this.running || browser.finished) {
			return;
		}
		long t0 = System.nanoTime();
		if (this.recording) {
			this.sent.increment();
		}
		this.inFlight.incrementAndGet();
		int waitSeconds = this.mode.waitSeconds(browser);
		long waitNanos = TimeUnit.SECONDS.toNanos(waitSeconds);
		String body = this.mode.body(waitSeconds);
		long timeoutMs = this.mode.timeoutMs(browser);
		browser.polls++;
		this.client.postJson(this.statusUri, browser, body, timeoutMs).whenComplete((answer, ex) -> {
			long nanos = System.nanoTime() - t0;
			this.inFlight.decrementAndGet();
			if (!this.running) {
				return;
			}
			StatusWaiting.Outcome outcome = (answer != null) ? StatusWaiting.Outcome.of(answer)
					: new StatusWaiting.Outcome(StatusWaiting.Outcome.Kind.ERROR, String.valueOf(ex), 0);
			if (this.recording) {
				this.latencies.add(nanos);
				if (outcome.httpStatus() == 429 || outcome.httpStatus() == 503 || outcome.httpStatus() == 504) {
					this.shed.computeIfAbsent(outcome.detail(), (k) -> new LongAdder()).increment();
				}
				else if (outcome.error()) {
					this.errors.computeIfAbsent(outcome.detail(), (k) -> new LongAdder()).increment();
				}
				else {
					this.okLatencies.add(nanos);
					this.responses.add((waitNanos > 0 && nanos >= waitNanos) ? nanos - waitNanos : nanos);
				}
			}
			if (outcome.kind() == StatusWaiting.Outcome.Kind.CONFIRMED) {
				browser.finished = true;
				if (answer != null) {
					browser.takeCookie(answer);
				}
				this.onFinal.accept(browser, outcome);
				return;
			}
			long delay = this.mode.nextDelayMs(outcome, this.intervalMs, nanos / 1_000_000, browser);
			try {
				this.scheduler.schedule(() -> poll(browser), delay, TimeUnit.MILLISECONDS);
			}
			catch (java.util.concurrent.RejectedExecutionException closed) {
				// closed meanwhile
			}
		});
	}

	/** Requests sent and not answered yet. */
	int inFlight() {
		return this.inFlight.get();
	}

	/** What was counted since recording started. */
	Map<String, Object> snapshot(double seconds) {
		long[] sorted = this.latencies.sorted();
		long[] ok = this.okLatencies.sorted();
		long errorCount = this.errors.values().stream().mapToLong(LongAdder::sum).sum();
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("sent", this.sent.sum());
		out.put("completed", (long) sorted.length);
		out.put("answered", (long) ok.length);
		out.put("answeredPerSecond", ok.length / seconds);
		out.put("errors", errorCount);
		Map<String, Object> byKind = new TreeMap<>();
		this.errors.forEach((k, v) -> byKind.put(k, v.sum()));
		out.put("errorsByKind", byKind);
		out.put("shed", this.shed.values().stream().mapToLong(LongAdder::sum).sum());
		Map<String, Object> shedByKind = new TreeMap<>();
		this.shed.forEach((k, v) -> shedByKind.put(k, v.sum()));
		out.put("shedByKind", shedByKind);
		out.put("tabsPerLogin", this.tabs);
		out.put("inFlightAtEnd", this.inFlight.get());
		long samples = this.inFlightSamples.sum();
		out.put("inFlightMean", samples > 0 ? this.inFlightSum.sum() / (double) samples : null);
		out.put("inFlightMax", this.inFlightMax.get());
		out.put("browsersFellBackToPolling", this.browsers.stream().filter((b) -> b.fellBackToPolling).count());
		out.put("latencyMs", Stats.latencySummary(sorted));
		out.put("okLatencyMs", Stats.latencySummary(ok));
		out.put("responseMs", Stats.latencySummary(this.responses.sorted()));
		return out;
	}

	@Override
	public void close() {
		this.running = false;
		this.scheduler.shutdownNow();
	}

	/** A growable array of latencies in nanoseconds, safe for concurrent adds. */
	static final class Latencies {

		private long[] values;

		private int size;

		Latencies(int capacity) {
			this.values = new long[capacity];
		}

		synchronized void add(long nanos) {
			if (this.size == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = nanos;
		}

		synchronized void clear() {
			this.size = 0;
		}

		synchronized long[] sorted() {
			long[] copy = Arrays.copyOf(this.values, this.size);
			Arrays.sort(copy);
			return copy;
		}

	}

}
