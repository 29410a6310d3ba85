package dev.tglogin.observation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UpstreamCallOutcome}.
 */
class UpstreamCallOutcomeTests {

	@Test
	void ofWhenStatusThenOutcomeByClass() {
		assertThat(UpstreamCallOutcome.of(200)).isEqualTo(UpstreamCallOutcome.SUCCESS);
		assertThat(UpstreamCallOutcome.of(302)).isEqualTo(UpstreamCallOutcome.SUCCESS);
		assertThat(UpstreamCallOutcome.of(404)).isEqualTo(UpstreamCallOutcome.CLIENT_ERROR);
		assertThat(UpstreamCallOutcome.of(429)).isEqualTo(UpstreamCallOutcome.RATE_LIMITED);
		assertThat(UpstreamCallOutcome.of(503)).isEqualTo(UpstreamCallOutcome.SERVER_ERROR);
	}

	@Test
	void isFailureWhenTheUpstreamWorkedThenFalse() {
		assertThat(UpstreamCallOutcome.SUCCESS.isFailure()).isFalse();
		assertThat(UpstreamCallOutcome.CLIENT_ERROR.isFailure()).isFalse();
		assertThat(UpstreamCallOutcome.TIMEOUT.isFailure()).isTrue();
		assertThat(UpstreamCallOutcome.IO_ERROR.value()).isEqualTo("io_error");
	}

}
