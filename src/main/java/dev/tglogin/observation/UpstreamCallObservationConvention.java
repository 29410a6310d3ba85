package dev.tglogin.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for upstream calls, to replace {@link DefaultUpstreamCallObservationConvention}.
 */
public interface UpstreamCallObservationConvention extends ObservationConvention<UpstreamCallContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof UpstreamCallContext;
	}

}
