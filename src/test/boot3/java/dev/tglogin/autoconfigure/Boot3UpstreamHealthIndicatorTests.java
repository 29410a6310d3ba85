package dev.tglogin.autoconfigure;

import org.springframework.boot.actuate.health.Health;

import dev.tglogin.observation.UpstreamCallOutcomes;

/**
 * {@link Boot3UpstreamHealthIndicator}, Spring Boot 3's adapter, against the emulator (the tests are
 * {@link AbstractUpstreamHealthIndicatorTests}'). In src/test/boot3: compiled by the spring-boot-3 profile only,
 * against the adapter of the jar built on Boot 4 (compiled there against a stand-in of Boot 3's types), so it
 * fails if that adapter does not link against Boot 3.5's real {@code Health}.
 */
class Boot3UpstreamHealthIndicatorTests extends AbstractUpstreamHealthIndicatorTests {

	@Override
	Reported health(UpstreamCallOutcomes outcomes, String upstream) {
		Health health = new Boot3UpstreamHealthIndicator(outcomes, upstream).health();
		return new Reported(health.getStatus().getCode(), health.getDetails());
	}

}
