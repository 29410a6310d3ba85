package dev.tglogin.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import dev.tglogin.core.TelegramLoginFlow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DefaultUpstreamCallObservationConvention} and {@link DefaultLoginAttemptObservationConvention}.
 */
class DefaultConventionsTests {

	@Test
	void upstreamCallWhenStoppedThenNameAndKeyValues() {
		DefaultUpstreamCallObservationConvention convention = new DefaultUpstreamCallObservationConvention();
		UpstreamCallContext context = new UpstreamCallContext("xellar", "refresh");
		assertThat(convention.getLowCardinalityKeyValues(context))
			.isEqualTo(KeyValues.of("upstream", "xellar", "operation", "refresh", "outcome", "unknown"));
		context.setOutcome(UpstreamCallOutcome.TIMEOUT);
		assertThat(convention.getName()).isEqualTo("tglogin.upstream.calls");
		assertThat(convention.getContextualName(context)).isEqualTo("xellar refresh");
		assertThat(convention.getLowCardinalityKeyValues(context))
			.isEqualTo(KeyValues.of("upstream", "xellar", "operation", "refresh", "outcome", "timeout"));
		assertThat(convention.getHighCardinalityKeyValues(context)).isEmpty();
		assertThat(convention.supportsContext(context)).isTrue();
		assertThat(convention.supportsContext(new Observation.Context())).isFalse();
	}

	@Test
	void loginAttemptWhenStoppedThenNameAndKeyValues() {
		DefaultLoginAttemptObservationConvention convention = new DefaultLoginAttemptObservationConvention();
		LoginAttemptContext context = new LoginAttemptContext(TelegramLoginFlow.XELLAR);
		context.setOutcome("invalid_otp");
		assertThat(convention.getName()).isEqualTo("tglogin.login.attempts");
		assertThat(convention.getContextualName(context)).isEqualTo("tglogin xellar login");
		assertThat(convention.getLowCardinalityKeyValues(context))
			.isEqualTo(KeyValues.of("flow", "xellar", "outcome", "invalid_otp"));
		assertThat(convention.supportsContext(new UpstreamCallContext("bondify", "status"))).isFalse();
	}

}
