package dev.tglogin.observation;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import dev.tglogin.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UpstreamCallOutcomes}: the sliding window per upstream and the health it gives.
 */
class UpstreamCallOutcomesTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final UpstreamCallOutcomes outcomes = new UpstreamCallOutcomes();

	UpstreamCallOutcomesTests() {
		this.outcomes.setClock(this.clock);
	}

	@Test
	void healthWhenNoCallThenUpWithNoCalls() {
		assertThat(this.outcomes.health("bondify")).isEqualTo(new UpstreamHealth("bondify", 0, 0, false));
	}

	@Test
	void healthWhenHalfOfEnoughCallsFailedThenDown() {
		record("bondify", UpstreamCallOutcome.SUCCESS, 3);
		record("bondify", UpstreamCallOutcome.TIMEOUT, 3);
		UpstreamHealth health = this.outcomes.health("bondify");
		assertThat(health.down()).isTrue();
		assertThat(health.failureRate()).isEqualTo(0.5);
	}

	@Test
	void healthWhenFailuresButTooFewCallsThenUp() {
		record("bondify", UpstreamCallOutcome.IO_ERROR, 4);
		assertThat(this.outcomes.health("bondify").down()).isFalse();
		assertThat(this.outcomes.health("bondify").failures()).isEqualTo(4);
	}

	@Test
	void healthWhenClientErrorsThenTheyCountAsWorking() {
		record("xellar", UpstreamCallOutcome.CLIENT_ERROR, 10);
		assertThat(this.outcomes.health("xellar")).isEqualTo(new UpstreamHealth("xellar", 10, 0, false));
	}

	@Test
	void healthWhenRateLimitedOrServerErrorsThenTheyCountAsFailures() {
		record("xellar", UpstreamCallOutcome.RATE_LIMITED, 3);
		record("xellar", UpstreamCallOutcome.SERVER_ERROR, 3);
		assertThat(this.outcomes.health("xellar").down()).isTrue();
	}

	@Test
	void healthWhenFailuresOlderThanTheWindowThenForgotten() {
		record("bondify", UpstreamCallOutcome.SERVER_ERROR, 10);
		this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
		record("bondify", UpstreamCallOutcome.SUCCESS, 1);
		assertThat(this.outcomes.health("bondify")).isEqualTo(new UpstreamHealth("bondify", 1, 0, false));
	}

	@Test
	void healthWhenMoreCallsThanTheWindowSizeThenOnlyTheLastCount() {
		this.outcomes.setWindowSize(10);
		record("bondify", UpstreamCallOutcome.SERVER_ERROR, 10);
		record("bondify", UpstreamCallOutcome.SUCCESS, 10);
		assertThat(this.outcomes.health("bondify")).isEqualTo(new UpstreamHealth("bondify", 10, 0, false));
	}

	@Test
	void healthWhenThresholdAndMinimumCallsSetThenUsed() {
		this.outcomes.setMinimumCalls(2);
		this.outcomes.setFailureThreshold(0.9);
		record("bondify", UpstreamCallOutcome.SERVER_ERROR, 2);
		record("bondify", UpstreamCallOutcome.SUCCESS, 1);
		assertThat(this.outcomes.health("bondify").down()).isFalse();
	}

	@Test
	void onStopWhenObservedThroughARegistryThenRecordedPerUpstream() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(this.outcomes);
		UpstreamCallContext context = new UpstreamCallContext("xellar", "verify");
		Observation observation = Observation.start("tglogin.upstream.calls", () -> context, registry);
		context.setStatus(502);
		observation.stop();
		Observation.start("other", registry).stop();
		assertThat(this.outcomes.health("xellar")).isEqualTo(new UpstreamHealth("xellar", 1, 1, false));
	}

	private void record(String upstream, UpstreamCallOutcome outcome, int times) {
		for (int i = 0; i < times; i++) {
			this.outcomes.record(upstream, outcome);
		}
	}

}
