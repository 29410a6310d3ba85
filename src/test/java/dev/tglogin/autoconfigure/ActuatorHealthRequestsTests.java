package dev.tglogin.autoconfigure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActuatorHealthRequestsTests {

	@Test
	void matcherWhenActuatorPresentThenBootsEndpointRequestMatcherForHealth() {
		assertThat(ActuatorHealthRequests.matcher()).hasValueSatisfying((matcher) -> {
			assertThat(matcher.getClass().getName()).contains(".EndpointRequest$");
			assertThat(matcher.toString()).contains("health");
		});
	}

}
