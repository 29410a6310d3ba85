package org.springframework.boot.actuate.health;

import java.util.Map;

/**
 * Compile-only stand-in for Spring Boot 3's {@code Health} (spring-boot-actuator 3.5): the members
 * {@code dev.tglogin.autoconfigure.Boot3UpstreamHealthIndicator} calls, with Boot 3's signatures. Never in the jar
 * nor on a test class path (see {@link HealthIndicator}).
 */
public final class Health {

	private Health() {
	}

	public static Builder up() {
		throw new UnsupportedOperationException("stub");
	}

	public static Builder down() {
		throw new UnsupportedOperationException("stub");
	}

	/** Boot 3's {@code Health.Builder}. */
	public static class Builder {

		public Builder withDetails(Map<String, ?> details) {
			throw new UnsupportedOperationException("stub");
		}

		public Health build() {
			throw new UnsupportedOperationException("stub");
		}

	}

}
