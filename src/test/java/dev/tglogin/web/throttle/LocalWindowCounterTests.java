package dev.tglogin.web.throttle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalWindowCounterTests {

	private final LocalWindowCounter counter = new LocalWindowCounter();

	@Test
	void incrementWhenSameKeyAndWindowThenCountsUpAndOtherKeysApart() {
		assertThat(this.counter.increment("a", 0, 60_000, 10)).isEqualTo(1);
		assertThat(this.counter.increment("a", 0, 60_000, 20)).isEqualTo(2);
		assertThat(this.counter.increment("b", 0, 60_000, 30)).isEqualTo(1);
		assertThat(this.counter.increment("a", 0, 60_000, 40)).isEqualTo(3);
	}

	@Test
	void incrementWhenANewWindowStartsThenCountsFromOne() {
		this.counter.increment("a", 0, 60_000, 10);
		this.counter.increment("a", 0, 60_000, 20);
		assertThat(this.counter.increment("a", 60_000, 120_000, 60_010)).isEqualTo(1);
	}

	@Test
	void incrementWhenWindowsEndedThenTheyAreDroppedOncePerWindowLength() {
		this.counter.increment("a", 0, 60_000, 10);
		this.counter.increment("b", 0, 60_000, 20);
		assertThat(this.counter.size()).isEqualTo(2);
		this.counter.increment("c", 60_000, 120_000, 60_010);
		assertThat(this.counter.size()).isEqualTo(1);
	}

}
