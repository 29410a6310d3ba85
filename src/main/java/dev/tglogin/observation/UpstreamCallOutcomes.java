package dev.tglogin.observation;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.springframework.util.Assert;

/**
 * The recent outcomes of the real upstream calls, per upstream, fed by their observations: an
 * {@link ObservationHandler} of {@link UpstreamCallContext}s to register on the {@code ObservationRegistry} (Spring
 * Boot registers {@code ObservationHandler} beans by itself). It keeps the last {@link #setWindowSize 100} outcomes
 * of each upstream and counts those of the last {@link #setWindow 5 minutes}; it never calls an upstream.
 * <p>
 * An upstream is {@linkplain UpstreamHealth#down() down} when at least {@link #setFailureThreshold half} of at least
 * {@link #setMinimumCalls 5} recent calls failed (429, 5xx, timeouts, transport failures; a 4xx is the upstream
 * judging a request and counts as working).
 * <p>
 * This class is thread-safe.
 */
public final class UpstreamCallOutcomes implements ObservationHandler<UpstreamCallContext> {

	private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

	private Clock clock = Clock.systemUTC();

	private int windowSize = 100;

	private Duration window = Duration.ofMinutes(5);

	private int minimumCalls = 5;

	private double failureThreshold = 0.5;

	/** Sets how many outcomes are kept per upstream. Defaults to 100. */
	public void setWindowSize(int windowSize) {
		Assert.isTrue(windowSize > 0, "windowSize must be positive");
		this.windowSize = windowSize;
		this.windows.clear();
	}

	/** Sets how old an outcome may be and still count. Defaults to 5 minutes. */
	public void setWindow(Duration window) {
		Assert.isTrue(window != null && !window.isNegative() && !window.isZero(), "window must be positive");
		this.window = window;
	}

	/** Sets how many recent calls it takes to report an upstream down. Defaults to 5. */
	public void setMinimumCalls(int minimumCalls) {
		Assert.isTrue(minimumCalls > 0, "minimumCalls must be positive");
		this.minimumCalls = minimumCalls;
	}

	/** Sets the failure rate (0 to 1) from which an upstream is down. Defaults to 0.5. */
	public void setFailureThreshold(double failureThreshold) {
		Assert.isTrue(failureThreshold > 0 && failureThreshold <= 1, "failureThreshold must be in (0, 1]");
		this.failureThreshold = failureThreshold;
	}

	/** Sets the clock. Defaults to the system UTC clock. */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof UpstreamCallContext;
	}

	@Override
	public void onStop(UpstreamCallContext context) {
		UpstreamCallOutcome outcome = context.getOutcome();
		if (outcome != null) {
			record(context.getUpstream(), outcome);
		}
	}

	/**
	 * Records the outcome of a call (as {@link #onStop} does).
	 * @param upstream the upstream
	 * @param outcome the outcome
	 */
	public void record(String upstream, UpstreamCallOutcome outcome) {
		this.windows.computeIfAbsent(upstream, (name) -> new Window(this.windowSize))
			.add(this.clock.millis(), outcome.isFailure());
	}

	/**
	 * Returns the recent health of an upstream.
	 * @param upstream the upstream, e.g. {@code bondify}
	 * @return its health; with no recent call, up with no calls
	 */
	public UpstreamHealth health(String upstream) {
		Window outcomes = this.windows.get(upstream);
		if (outcomes == null) {
			return new UpstreamHealth(upstream, 0, 0, false);
		}
		long since = this.clock.millis() - this.window.toMillis();
		int[] counts = outcomes.count(since);
		int calls = counts[0];
		int failures = counts[1];
		boolean down = calls >= this.minimumCalls && failures >= this.failureThreshold * calls;
		return new UpstreamHealth(upstream, calls, failures, down);
	}

	/** A ring of the last outcomes: when each was recorded and whether it failed. */
	private static final class Window {

		private final long[] times;

		private final boolean[] failures;

		private int next;

		private int size;

		Window(int capacity) {
			this.times = new long[capacity];
			this.failures = new boolean[capacity];
		}

		synchronized void add(long time, boolean failure) {
			this.times[this.next] = time;
			this.failures[this.next] = failure;
			this.next = (this.next + 1) % this.times.length;
			this.size = Math.min(this.size + 1, this.times.length);
		}

		/** Returns the calls and the failures recorded at or after {@code since}. */
		synchronized int[] count(long since) {
			int calls = 0;
			int failed = 0;
			for (int i = 0; i < this.size; i++) {
				if (this.times[i] >= since) {
					calls++;
					failed += this.failures[i] ? 1 : 0;
				}
			}
			return new int[] { calls, failed };
		}

	}

}
