package dev.tglogin.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for login attempts, to replace {@link DefaultLoginAttemptObservationConvention}.
 */
public interface LoginAttemptObservationConvention extends ObservationConvention<LoginAttemptContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof LoginAttemptContext;
	}

}
