package dev.tglogin.autoconfigure;

import java.time.Duration;
import java.util.Map;

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
 * What an upstream health indicator reports: its state from the outcomes of real calls, fed by their observations,
 * against the emulator over HTTP; it never calls the upstream. Run for the adapter of the Boot generation the tests
 * run on: {@code UpstreamHealthIndicatorTests} (src/test/boot4, {@link UpstreamHealthIndicator}) or
 * {@code Boot3UpstreamHealthIndicatorTests} (src/test/boot3, {@link Boot3UpstreamHealthIndicator}, which the Boot 3
 * leg runs from the jar built on Boot 4).
 */
abstract class AbstractUpstreamHealthIndicatorTests {

	private static EmulatorServer upstream;

	private final UpstreamCallOutcomes outcomes = new UpstreamCallOutcomes();

	/**
	 * Asks the adapter under test for the upstream's health.
	 * @param outcomes the outcomes the adapter reads
	 * @param upstream the upstream
	 * @return the status code and details the adapter's Boot {@code Health} carries
	 */
	abstract Reported health(UpstreamCallOutcomes outcomes, String upstream);

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
		var health = health(this.outcomes, "bondify");
		assertThat(health.status()).isEqualTo("UP");
		assertThat(health.details()).containsEntry("calls", 0).containsEntry("failures", 0);
	}

	@Test
	void healthWhenRealCallsSucceedThenUp() {
		int sessions = upstream.bondify().sessions().size();
		HttpBondifyClient client = observedClient();
		for (int i = 0; i < 5; i++) {
			client.generate();
		}
		var health = health(this.outcomes, "bondify");
		assertThat(health.status()).isEqualTo("UP");
		assertThat(health.details()).containsEntry("calls", 5).containsEntry("failures", 0);
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
		var health = health(this.outcomes, "bondify");
		assertThat(health.status()).isEqualTo("DOWN");
		assertThat(health.details()).containsEntry("calls", 5)
			.containsEntry("failures", 4)
			.containsEntry("failureRate", 0.8);
	}

	@Test
	void healthWhenCheckedThenNoUpstreamCall() {
		int sessions = upstream.bondify().sessions().size();
		this.outcomes.record("bondify", UpstreamCallOutcome.TIMEOUT);
		health(this.outcomes, "bondify");
		health(this.outcomes, "bondify");
		assertThat(upstream.bondify().sessions()).hasSize(sessions);
	}

	@Test
	void healthWhenAnotherUpstreamFailsThenThisOneStaysUp() {
		for (int i = 0; i < 10; i++) {
			this.outcomes.record("xellar", UpstreamCallOutcome.SERVER_ERROR);
		}
		assertThat(health(this.outcomes, "bondify").status()).isEqualTo("UP");
		assertThat(health(this.outcomes, "xellar").status())
			.isEqualTo("DOWN");
	}

	@Test
	void constructionWhenNoUpstreamThenRejected() {
		assertThat(catchThrowable(() -> health(this.outcomes, ""))).isInstanceOf(IllegalArgumentException.class);
	}

	private HttpBondifyClient observedClient() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		registry.observationConfig().observationHandler(this.outcomes);
		UpstreamHttpClient http = new UpstreamHttpClient("bondify", Duration.ofSeconds(2), Duration.ofSeconds(5));
		http.setObservationRegistry(registry);
		return new HttpBondifyClient(http, upstream.baseUrl(), upstream.bondify().projectId());
	}

	/**
	 * A Boot generation's {@code Health}, as its status code and details.
	 * @param status the status code
	 * @param details the details
	 */
	record Reported(String status, Map<String, Object> details) {

	}

}
