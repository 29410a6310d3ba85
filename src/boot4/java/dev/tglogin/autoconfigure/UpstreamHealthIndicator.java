package dev.tglogin.autoconfigure;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import org.springframework.util.Assert;

import dev.tglogin.observation.UpstreamCallOutcomes;
import dev.tglogin.observation.UpstreamHealth;

/**
 * The health of one upstream from the recent outcomes of its real calls ({@link UpstreamCallOutcomes}); it never
 * calls the upstream. Down when the recent failures reach the threshold, else up; the details are the recent
 * {@code calls}, {@code failures} and {@code failureRate}. This is the Spring Boot 4 adapter
 * (src/boot4); the one for Spring Boot 3 is in src/boot3.
 * <p>
 * This class is thread-safe.
 */
final class UpstreamHealthIndicator implements HealthIndicator {

	/** The class whose presence switches the health indicators on. */
	static final String HEALTH_INDICATOR_CLASS = "org.springframework.boot.health.contributor.HealthIndicator";

	private final UpstreamCallOutcomes outcomes;

	private final String upstream;

	UpstreamHealthIndicator(UpstreamCallOutcomes outcomes, String upstream) {
		Assert.notNull(outcomes, "outcomes cannot be null");
		Assert.hasText(upstream, "upstream cannot be empty");
		this.outcomes = outcomes;
		this.upstream = upstream;
	}

	@Override
	public Health health() {
		UpstreamHealth health = this.outcomes.health(this.upstream);
		return (health.down() ? Health.down() : Health.up()).withDetails(health.details()).build();
	}

}
