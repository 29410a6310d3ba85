package dev.tglogin.web.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tglogin.observation.TelegramLoginMetrics;
import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ThrottleCountersTests {

	private static final ThrottleLimit TWO_PER_MINUTE = ThrottleLimit.of(2, Duration.ofMinutes(1));

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();

	private final ThrottleCounters counters = new ThrottleCounters(this.store);

	private final List<String> refused = new ArrayList<>();

	ThrottleCountersTests() {
		this.store.setClock(this.clock);
		this.counters.setMetrics(new TelegramLoginMetrics() {

			@Override
			public void throttleRefused(String limit) {
				ThrottleCountersTests.this.refused.add(limit);
			}

		});
	}

	@Test
	void countWhenOverTheLimitThenRefusedWithTheTimeLeftInTheWindowAndCounted() {
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.counters.count("starts", TWO_PER_MINUTE, "a", this.clock.instant())).isNull();
		assertThat(this.counters.count("starts", TWO_PER_MINUTE, "a", this.clock.instant())).isNull();
		ThrottleRefusal refusal = this.counters.count("starts", TWO_PER_MINUTE, "a", this.clock.instant());
		assertThat(refusal.limit()).isEqualTo("starts");
		assertThat(refusal.retryAfterSeconds()).isEqualTo(40);
		assertThat(this.refused).containsExactly("starts");
		assertThat(this.counters.count("starts", TWO_PER_MINUTE, "b", this.clock.instant())).isNull();
		this.clock.advance(Duration.ofSeconds(40));
		assertThat(this.counters.count("starts", TWO_PER_MINUTE, "a", this.clock.instant())).isNull();
	}

	@Test
	void countWhenTheValueIsCountedThenTheStoreKeyHoldsOnlyItsHash() {
		this.counters.count("otp-requests-per-phone", TWO_PER_MINUTE, "+15550001111", this.clock.instant());

		String key = ThrottleCounters.key("otp-requests-per-phone", "+15550001111", this.clock.instant());
		assertThat(key).doesNotContain("15550001111").startsWith("throttle-otp-requests-per-phone");
		assertThat(this.store.increment(key, this.clock.instant().plusSeconds(60))).isEqualTo(2);
	}

	@Test
	void countLocallyWhenOverTheLimitThenRefusedWithoutWritingTheStore() {
		assertThat(this.counters.countLocally("status", TWO_PER_MINUTE, "s", this.clock.instant())).isNull();
		assertThat(this.counters.countLocally("status", TWO_PER_MINUTE, "s", this.clock.instant())).isNull();
		assertThat(this.counters.countLocally("status", TWO_PER_MINUTE, "s", this.clock.instant()).limit())
			.isEqualTo("status");
		assertThat(this.store.size()).isZero();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.counters.countLocally("status", TWO_PER_MINUTE, "s", this.clock.instant())).isNull();
	}

	@Test
	void giveBackWhenCountedThenOneMoreEventFits() {
		this.counters.count("phone", TWO_PER_MINUTE, "p", this.clock.instant());
		this.counters.count("phone", TWO_PER_MINUTE, "p", this.clock.instant());
		this.counters.giveBack("phone", TWO_PER_MINUTE, "p", this.clock.instant());

		assertThat(this.counters.count("phone", TWO_PER_MINUTE, "p", this.clock.instant())).isNull();
		assertThat(this.counters.count("phone", TWO_PER_MINUTE, "p", this.clock.instant())).isNotNull();
	}

	@Test
	void countWhenUnlimitedThenNeverRefusedAndNothingStored() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.counters.count("x", ThrottleLimit.unlimited(), "a", this.clock.instant())).isNull();
			assertThat(this.counters.countLocally("y", ThrottleLimit.unlimited(), "a", this.clock.instant())).isNull();
		}
		this.counters.giveBack("x", ThrottleLimit.unlimited(), "a", this.clock.instant());
		assertThat(this.store.size()).isZero();
		assertThat(this.refused).isEmpty();
	}

	@Test
	void setMetricsWhenNullThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.counters.setMetrics(null));
	}

}
