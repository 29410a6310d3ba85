package dev.tglogin.bondify;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.observation.MicrometerTelegramLoginMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status calls that {@link BondifyStatusPoller} sheds at its limit of calls in flight, counted as
 * {@code tglogin.status.shed}.
 */
class BondifyStatusPollerMetricsTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void pollWhenCallsInFlightAtTheLimitThenShedAndCounted() {
		BondifyStatusPoller poller = new BondifyStatusPoller(unanswered(), Duration.ofSeconds(2));
		poller.setMaxConcurrentCalls(1);
		poller.setMetrics(new MicrometerTelegramLoginMetrics(this.meters));
		poller.poll("sess_in_flight");
		CompletableFuture<BondifyLoginState> shed = poller.poll("sess_shed");
		assertThat(shed).isCompleted();
		assertThat(shed.join()).isInstanceOfSatisfying(BondifyLoginState.Failed.class,
				(failed) -> assertThat(failed.failure()).isInstanceOf(UpstreamRateLimitedException.class));
		assertThat(this.meters.get("tglogin.status.shed").counter().count()).isEqualTo(1);
	}

	@Test
	void pollWhenUnderTheLimitThenNothingShed() {
		BondifyStatusPoller poller = new BondifyStatusPoller(unanswered(), Duration.ofSeconds(2));
		poller.setMetrics(new MicrometerTelegramLoginMetrics(this.meters));
		poller.poll("sess_1");
		poller.poll("sess_2");
		assertThat(this.meters.find("tglogin.status.shed").counter()).isNull();
	}

	/** Bondify never answering: every call stays in flight. */
	private static BondifyClient unanswered() {
		return StatusOnlyBondifyClient.answering((token) -> new CompletableFuture<>());
	}

}
