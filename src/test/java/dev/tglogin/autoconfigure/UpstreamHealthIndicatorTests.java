package dev.tglogin.autoconfigure;

import java.time.Duration;

import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tglogin.bondify.HttpBondifyClient;
import dev.tglogin.emulator.BondifyEmulator;
import dev.tglogin.emulator.EmulatorFaults;
import dev.tglogin.emulator.Fault;
import dev.tglogin.http.UpstreamHttpClient;
import dev.tglogin.observation.UpstreamCallOutcome;
import dev.tglogin.observation.UpstreamCallOutcomes;
import dev.tglogin.test.EmulatorServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link UpstreamHealthIndicator} (the adapter of the Boot generation the tests run on): its state from the
 * outcomes of real calls, fed by their observations, against the emulator over HTTP; it never calls the upstream.
 */
class UpstreamHealthIndicatorTests {

	private static EmulatorServer upstream;

	private final UpstreamCallOutcomes outcomes = new UpstreamCallOutcomes();

	private final UpstreamHealthIndicator indicator = new UpstreamHealthIndicator(this.outcomes, "bondify");

	@BeforeAll
	static void start() {
		upstream = new EmulatorServer(BondifyEmulator.builder().build());
	}

	@AfterAll
	static void stop() throws Exception {
		upstream.close();
	}

	@AfterEach
	void clear() {
		upstream.bondify().faults().clear();
	}

	@Test
	void healthWhenNoCallYetThenUpWithNoCalls() {
		var health = this.indicator.health();
		assertThat(health.getStatus().getCode()).isEqualTo("UP");
		assertThat(health.getDetails()).containsEntry("calls", 0).containsEntry("failures", 0);
	}

	@Test
	void healthWhenRealCallsSucceedThenUp() {
		int sessions = upstream.bondify().sessions().size();
		HttpBondifyClient client = observedClient();
		for (int i = 0; i < 5; i++) {
			client.generate();
		}
		var health = this.indicator.health();
		assertThat(health.getStatus().getCode()).isEqualTo("UP");
		assertThat(health.getDetails()).containsEntry("calls", 5).containsEntry("failures", 0);
		assertThat(upstream.bondify().sessions()).hasSize(sessions + 5);
	}

	@Test
	void healthWhenMostRealCallsAnswer5xxThenDown() {
		HttpBondifyClient client = observedClient();
		client.generate();
		upstream.bondify().faults().enqueue(EmulatorFaults.GENERATE, Fault.status(500), 4);
		for (int i = 0; i < 4; i++) {
			catchThrowable(client::generate);
		}
		var health = this.indicator.health();
		assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
		assertThat(health.getDetails()).containsEntry("calls", 5)
			.containsEntry("failures", 4)
			.containsEntry("failureRate", 0.8);
	}

	@Test
	void healthWhenCheckedThenNoUpstreamCall() {
		int sessions = upstream.bondify().sessions().size();
		this.outcomes.record("bondify", UpstreamCallOutcome.TIMEOUT);
		this.indicator.health();
		this.indicator.health();
		assertThat(upstream.bondify().sessions()).hasSize(sessions);
	}

	@Test
	void healthWhenAnotherUpstreamFailsThenThisOneStaysUp() {
		for (int i = 0; i < 10; i++) {
			this.outcomes.record("xellar", UpstreamCallOutcome.SERVER_ERROR);
		}
		assertThat(this.indicator.health().getStatus().getCode()).isEqualTo("UP");
		assertThat(new UpstreamHealthIndicator(this.outcomes, "xellar").health().getStatus().getCode())
			.isEqualTo("DOWN");
	}

	private HttpBondifyClient observedClient() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		registry.observationConfig().observationHandler(this.outcomes);
		UpstreamHttpClient http = new UpstreamHttpClient("bondify", Duration.ofSeconds(2), Duration.ofSeconds(5));
		http.setObservationRegistry(registry);
		return new HttpBondifyClient(http, upstream.baseUrl(), upstream.bondify().projectId());
	}

}
