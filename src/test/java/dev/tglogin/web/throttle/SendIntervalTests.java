package dev.tglogin.web.throttle;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tglogin.store.InMemoryTelegramLoginStore;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class SendIntervalTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:30Z"));

	private final InMemoryTelegramLoginStore store = new InMemoryTelegramLoginStore();

	private final SendInterval interval = new SendInterval(this.store, "otp-send-interval");

	SendIntervalTests() {
		this.store.setClock(this.clock);
	}

	@Test
	void checkWhenWithinTheIntervalThenRefusedWithTheTimeLeftAndAtItsEndThenAllowed() {
		assertThat(this.interval.check("+15550001111", MINUTE, this.clock.instant())).isNull();
		this.clock.advance(Duration.ofSeconds(59));
		ThrottleRefusal refusal = this.interval.check("+15550001111", MINUTE, this.clock.instant());
		assertThat(refusal.limit()).isEqualTo("otp-send-interval");
		assertThat(refusal.retryAfterSeconds()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.interval.check("+15550001111", MINUTE, this.clock.instant())).isNull();
	}

	@Test
	void checkWhenTheRecordedEndIsUnreadableThenTheWholeIntervalIsTheAnswer() {
		assertThat(this.interval.check("+15550001111", MINUTE, this.clock.instant())).isNull();
		this.clock.advance(Duration.ofSeconds(20));
		this.store.putOutcome(StoreKeys.key("throttle-otp-send-interval", "+15550001111") + ":end", "not a number",
				this.clock.instant().plus(MINUTE));
		assertThat(this.interval.check("+15550001111", MINUTE, this.clock.instant()).retryAfterSeconds())
			.isEqualTo(60);
	}

	@Test
	void checkWhenZeroThenNothingIsCountedAndGiveBackFreesTheNumber() {
		assertThat(this.interval.check("+15550001111", Duration.ZERO, this.clock.instant())).isNull();
		assertThat(this.store.size()).isZero();
		assertThat(this.interval.check("+15550001111", MINUTE, this.clock.instant())).isNull();
		this.interval.giveBack("+15550001111");
		assertThat(this.interval.check("+15550001111", MINUTE, this.clock.instant())).isNull();
	}

}
