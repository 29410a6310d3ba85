package dev.tglogin.observation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.tglogin.core.TelegramLoginFlow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link MicrometerTelegramLoginMetrics} with a {@link SimpleMeterRegistry}.
 */
class MicrometerTelegramLoginMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerTelegramLoginMetrics metrics = new MicrometerTelegramLoginMetrics(this.registry);

	@Test
	void pendingLoginWhenStartedAndEndedThenCountedByFlow() {
		this.metrics.pendingLoginStarted(TelegramLoginFlow.BONDIFY);
		this.metrics.pendingLoginStarted(TelegramLoginFlow.BONDIFY);
		this.metrics.pendingLoginStarted(TelegramLoginFlow.XELLAR);
		this.metrics.pendingLoginEnded(TelegramLoginFlow.BONDIFY);
		assertThat(count("tglogin.pending.logins.started", "flow", "bondify")).isEqualTo(2);
		assertThat(count("tglogin.pending.logins.started", "flow", "xellar")).isEqualTo(1);
		assertThat(count("tglogin.pending.logins.ended", "flow", "bondify")).isEqualTo(1);
	}

	@Test
	void throttleRefusedWhenCalledThenCountedByLimit() {
		this.metrics.throttleRefused("starts-per-session");
		assertThat(count("tglogin.throttle.refusals", "limit", "starts-per-session")).isEqualTo(1);
	}

	@Test
	void statusCallShedWhenCalledThenCounted() {
		this.metrics.statusCallShed();
		this.metrics.statusCallShed();
		assertThat(this.registry.get("tglogin.status.shed").counter().count()).isEqualTo(2);
	}

	@Test
	void webhookEventWhenCalledThenCountedByTypeAndOutcome() {
		this.metrics.webhookEvent("auth.confirmed", "recorded");
		assertThat(this.registry.get("tglogin.webhook.events")
			.tags("type", "auth.confirmed", "outcome", "recorded")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void constructorWhenNoRegistryThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MicrometerTelegramLoginMetrics(null));
	}

	private double count(String name, String tag, String value) {
		return this.registry.get(name).tag(tag, value).counter().count();
	}

}
