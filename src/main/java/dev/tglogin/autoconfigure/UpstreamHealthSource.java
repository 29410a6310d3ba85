package dev.tglogin.autoconfigure;

import org.springframework.util.Assert;

import dev.tglogin.observation.UpstreamCallOutcomes;
import dev.tglogin.observation.UpstreamHealth;

/**
 * What an upstream health indicator reports, independent of the Spring Boot generation: the health of one upstream
 * from the recent outcomes of its real calls. Both adapters ({@link UpstreamHealthIndicator} for Boot 4,
 * {@link Boot3UpstreamHealthIndicator} for Boot 3) only translate it to their Boot's {@code Health}.
 * @param outcomes the recent outcomes of the upstream calls
 * @param upstream the upstream's name ({@code bondify}, {@code xellar})
 */
record UpstreamHealthSource(UpstreamCallOutcomes outcomes, String upstream) {

	UpstreamHealthSource {
		Assert.notNull(outcomes, "outcomes cannot be null");
		Assert.hasText(upstream, "upstream cannot be empty");
	}

	/**
	 * Returns the upstream's current health; never calls the upstream.
	 * @return the health from the recent outcomes
	 */
	UpstreamHealth health() {
		return this.outcomes.health(this.upstream);
	}

}
