package dev.tglogin.autoconfigure;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.tglogin.observation.UpstreamCallOutcomes;
import dev.tglogin.observation.UpstreamHealth;

/**
 * The health of one upstream from the recent outcomes of its real calls ({@link UpstreamCallOutcomes}); it never
 * calls the upstream. Down when the recent failures reach the threshold, else up; the details are the recent
 * {@code calls}, {@code failures} and {@code failureRate}. This is the Spring Boot 4 adapter
 * ({@code org.springframework.boot.health.contributor}); {@link Boot3UpstreamHealthIndicator} is Boot 3's, and
 * {@link TelegramLoginHealthAutoConfiguration} registers the one whose {@code HealthIndicator} the app has.
 * <p>
 * This class is thread-safe.
 */
final class UpstreamHealthIndicator implements HealthIndicator {

	/** Spring Boot 4's health indicator type, whose presence switches this adapter on. */
	static final String HEALTH_INDICATOR_CLASS = "org.springframework.boot.health.contributor.HealthIndicator";

	private final UpstreamHealthSource source;

	UpstreamHealthIndicator(UpstreamCallOutcomes outcomes, String upstream) {
		this.source = new UpstreamHealthSource(outcomes, upstream);
	}

	@Override
	public Health health() {
		UpstreamHealth health = this.source.health();
		return (health.down() ? Health.down() : Health.up()).withDetails(health.details()).build();
	}

}
