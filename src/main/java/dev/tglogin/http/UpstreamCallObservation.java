package dev.tglogin.http;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.core.UpstreamUnavailableException;
import dev.tglogin.observation.DefaultUpstreamCallObservationConvention;
import dev.tglogin.observation.UpstreamCallContext;
import dev.tglogin.observation.UpstreamCallObservationConvention;
import dev.tglogin.observation.UpstreamCallOutcome;

/**
 * The observation of one call of {@link UpstreamHttpClient}: started with the call, stopped once with its answer's
 * status or its failure. Never holds anything of the request but the upstream's and the operation's names.
 */
final class UpstreamCallObservation {

	private static final UpstreamCallObservationConvention DEFAULT_CONVENTION =
			new DefaultUpstreamCallObservationConvention();

	private final UpstreamCallContext context;

	private final Observation observation;

	private UpstreamCallObservation(UpstreamCallContext context, Observation observation) {
		this.context = context;
		this.observation = observation;
	}

	static UpstreamCallObservation start(String upstream, String operation,
			@Nullable UpstreamCallObservationConvention convention, ObservationRegistry registry) {
		UpstreamCallContext context = new UpstreamCallContext(upstream, operation);
		return new UpstreamCallObservation(context,
				Observation.createNotStarted(convention, DEFAULT_CONVENTION, () -> context, registry).start());
	}

	/** The call was answered, with any status. */
	void answered(int status) {
		this.context.setStatus(status);
		this.observation.stop();
	}

	/** The call failed without an answer. */
	void failed(UpstreamException failure) {
		this.context.setOutcome(outcome(failure));
		this.observation.error(failure);
		this.observation.stop();
	}

	private static UpstreamCallOutcome outcome(UpstreamException failure) {
		if (failure instanceof UpstreamTimeoutException) {
			return UpstreamCallOutcome.TIMEOUT;
		}
		return (failure instanceof UpstreamUnavailableException) ? UpstreamCallOutcome.IO_ERROR
				: UpstreamCallOutcome.ERROR;
	}

}
