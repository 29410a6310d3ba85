package dev.tglogin.observation;

import java.util.Map;

/**
 * The recent health of one upstream, as its real calls went ({@link UpstreamCallOutcomes#health}).
 *
 * @param upstream the upstream, e.g. {@code bondify}
 * @param calls the calls in the window
 * @param failures those that failed ({@link UpstreamCallOutcome#isFailure()})
 * @param down whether the failures reach the threshold over enough calls
 */
public record UpstreamHealth(String upstream, int calls, int failures, boolean down) {

	/** Returns the failures' share of the calls, {@code 0} without calls. */
	public double failureRate() {
		return (this.calls == 0) ? 0.0 : (double) this.failures / this.calls;
	}

	/** Returns the details a health indicator shows: {@code calls}, {@code failures}, {@code failureRate}. */
	public Map<String, Object> details() {
		return Map.of("calls", this.calls, "failures", this.failures, "failureRate", failureRate());
	}

}
