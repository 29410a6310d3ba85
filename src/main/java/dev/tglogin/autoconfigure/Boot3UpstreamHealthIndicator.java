package dev.tglogin.autoconfigure;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import dev.tglogin.observation.UpstreamCallOutcomes;
import dev.tglogin.observation.UpstreamHealth;

/**
 * {@link UpstreamHealthIndicator} for Spring Boot 3 ({@code org.springframework.boot.actuate.health}, in
 * spring-boot-actuator 3.5): the same state and details, through Boot 3's types. The jar is built on Boot 4, where
 * these types do not exist: this class is compiled against a stand-in of the two types it uses
 * ({@code src/stubs/boot3}, kept out of the jar), as Spring and Netty compile optional integrations, and
 * {@link TelegramLoginHealthAutoConfiguration} creates it only when Boot 3's {@code HealthIndicator} is present.
 * <p>
 * This class is thread-safe.
 */
final class Boot3UpstreamHealthIndicator implements HealthIndicator {

	/** Spring Boot 3's health indicator type, whose presence switches this adapter on. */
	static final String HEALTH_INDICATOR_CLASS = "org.springframework.boot.actuate.health.HealthIndicator";

	private final UpstreamHealthSource source;

	Boot3UpstreamHealthIndicator(UpstreamCallOutcomes outcomes, String upstream) {
		this.source = new UpstreamHealthSource(outcomes, upstream);
	}

	@Override
	public Health health() {
		UpstreamHealth health = this.source.health();
		return (health.down() ? Health.down() : Health.up()).withDetails(health.details()).build();
	}

}
