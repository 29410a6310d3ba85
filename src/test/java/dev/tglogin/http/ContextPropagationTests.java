package dev.tglogin.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The current observation (and with it the trace) carried onto the library's own threads
 * ({@link DaemonExecutors}) by {@link ContextPropagation}, with {@code context-propagation} on the test classpath.
 */
class ContextPropagationTests {

	private final ObservationRegistry registry = TestObservationRegistry.create();

	private final ExecutorService executor = DaemonExecutors.bounded("tglogin-test-context");

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	@Test
	void boundedWhenTaskSubmittedInAnObservationScopeThenItRunsInThatScope() throws Exception {
		Observation observation = Observation.start("request", this.registry);
		Observation seen;
		try (Observation.Scope scope = observation.openScope()) {
			seen = CompletableFuture.supplyAsync(this.registry::getCurrentObservation, this.executor)
				.get(10, TimeUnit.SECONDS);
		}
		finally {
			observation.stop();
		}
		assertThat(seen).isSameAs(observation);
	}

	@Test
	void boundedWhenTaskSubmittedOutsideAnyScopeThenNoObservationOnThePoolThread() throws Exception {
		Observation seen = CompletableFuture.supplyAsync(this.registry::getCurrentObservation, this.executor)
			.get(10, TimeUnit.SECONDS);
		assertThat(seen).isNull();
	}

	@Test
	void withCurrentContextWhenHandedOverThroughAJdkThreadThenRunsInTheCapturedScope() throws Exception {
		Observation observation = Observation.start("request", this.registry);
		CompletableFuture<Observation> seen = new CompletableFuture<>();
		try (Observation.Scope scope = observation.openScope()) {
			Runnable task = DaemonExecutors
				.withCurrentContext(() -> seen.complete(this.registry.getCurrentObservation()));
			CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS, this.executor).execute(task);
		}
		finally {
			observation.stop();
		}
		assertThat(seen.get(10, TimeUnit.SECONDS)).isSameAs(observation);
	}

}
