package dev.tglogin.observation;

import io.micrometer.common.KeyValues;

/**
 * The default convention of upstream call observations: named {@value #NAME}, with the low-cardinality key values
 * {@code upstream} ({@code bondify}, {@code xellar}), {@code operation} ({@code generate}, {@code status},
 * {@code send}, {@code verify}, {@code create}, {@code refresh}) and {@code outcome} ({@link UpstreamCallOutcome}:
 * {@code success}, {@code client_error}, {@code rate_limited}, {@code server_error}, {@code timeout},
 * {@code io_error}, {@code error}). Never a URL, a token, a phone number or an id.
 */
public class DefaultUpstreamCallObservationConvention implements UpstreamCallObservationConvention {

	/** The observation's name (a timer {@code tglogin.upstream.calls} with Micrometer's meter handler). */
	public static final String NAME = "tglogin.upstream.calls";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(UpstreamCallContext context) {
		return context.getUpstream() + " " + context.getOperation();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(UpstreamCallContext context) {
		UpstreamCallOutcome outcome = context.getOutcome();
		return KeyValues.of("upstream", context.getUpstream(), "operation", context.getOperation(), "outcome",
				(outcome != null) ? outcome.value() : "unknown");
	}

}
