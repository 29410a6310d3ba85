package dev.tglogin.config;

import java.time.Duration;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import dev.tglogin.bondify.BondifyProtocol;
import dev.tglogin.web.bondify.BondifyLoginFilter;

import static dev.tglogin.config.TelegramLoginConfigurer.telegramLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AbstractBondifyStatusSpecTests {

	@Test
	void settingsWhenNothingSetThenTheDefaults() {
		TelegramLoginConfigurer.BondifySpec spec = bondify();

		assertThat(spec.pollInterval()).isEqualTo(BondifyProtocol.POLL_INTERVAL);
		assertThat(spec.upstreamPollInterval()).isEqualTo(BondifyProtocol.POLL_INTERVAL);
		assertThat(spec.longPollMaxWaitSeconds()).isEqualTo(BondifyLoginFilter.MAX_WAIT_SECONDS);
		assertThat(spec.maxConcurrentStatusCalls()).isEqualTo(BondifyLoginFilter.DEFAULT_MAX_CONCURRENT_STATUS_CALLS);
		assertThat(spec.maxHeldPolls()).isEqualTo(BondifyLoginFilter.DEFAULT_MAX_HELD_POLLS);
		assertThat(spec.statusExecutor()).isNull();
	}

	@Test
	void settingsWhenSetThenChainedOnThePublicSpecAndHeld() {
		Executor executor = Runnable::run;
		TelegramLoginConfigurer.BondifySpec spec = bondify().pollInterval(Duration.ofSeconds(3))
			.longPollMaxWait(Duration.ofSeconds(10))
			.maxConcurrentStatusCalls(7)
			.longPollMaxHeld(20, 2, 5)
			.statusExecutor(executor)
			.projectId("proj_chained");

		assertThat(spec.pollInterval()).isEqualTo(Duration.ofSeconds(3));
		assertThat(spec.upstreamPollInterval()).as("follows the poll interval").isEqualTo(Duration.ofSeconds(3));
		assertThat(spec.longPollMaxWaitSeconds()).isEqualTo(10);
		assertThat(spec.maxConcurrentStatusCalls()).isEqualTo(7);
		assertThat(spec.maxHeldPolls()).isEqualTo(20);
		assertThat(spec.maxHeldPollsPerSession()).isEqualTo(2);
		assertThat(spec.maxHeldPollsPerAddress()).isEqualTo(5);
		assertThat(spec.statusExecutor()).isSameAs(executor);
		assertThat(spec.projectId()).isEqualTo("proj_chained");
		assertThat(spec.upstreamPollInterval(Duration.ZERO).upstreamPollInterval()).isZero();
	}

	@Test
	void settingsWhenOutOfRangeThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> bondify().pollInterval(Duration.ofMillis(499)));
		assertThatIllegalArgumentException().isThrownBy(() -> bondify().upstreamPollInterval(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> bondify().longPollMaxWait(Duration.ofSeconds(26)));
		assertThatIllegalArgumentException().isThrownBy(() -> bondify().maxConcurrentStatusCalls(0));
		assertThatIllegalArgumentException().isThrownBy(() -> bondify().longPollMaxHeld(-1, 0, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> bondify().statusExecutor(null));
	}

	private static TelegramLoginConfigurer.BondifySpec bondify() {
		TelegramLoginConfigurer.BondifySpec[] spec = new TelegramLoginConfigurer.BondifySpec[1];
		telegramLogin().bondify((bondify) -> spec[0] = bondify);
		return spec[0];
	}

}
