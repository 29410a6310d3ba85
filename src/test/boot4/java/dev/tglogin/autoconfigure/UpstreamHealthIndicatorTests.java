package dev.tglogin.autoconfigure;

import org.springframework.boot.health.contributor.Health;

import dev.tglogin.observation.UpstreamCallOutcomes;

/**
 * {@link UpstreamHealthIndicator}, Spring Boot 4's adapter, against the emulator (the tests are
 * {@link AbstractUpstreamHealthIndicatorTests}'). In src/test/boot4: compiled by the default build only.
 */
class UpstreamHealthIndicatorTests extends AbstractUpstreamHealthIndicatorTests {

	@Override
	Reported health(UpstreamCallOutcomes outcomes, String upstream) {
		Health health = new UpstreamHealthIndicator(outcomes, upstream).health();
		return new Reported(health.getStatus().getCode(), health.getDetails());
	}

}
