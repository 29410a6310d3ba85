package dev.tglogin.web.bondify;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LongPollHolds}.
 */
class LongPollHoldsTests {

	@Test
	void tryHoldWhenSessionCapReachedThenNoneUntilOneIsReleased() {
		LongPollHolds holds = new LongPollHolds(100, 2, 100);
		LongPollHolds.Hold first = holds.tryHold("s1", "a1");
		assertThat(first).isNotNull();
		assertThat(holds.tryHold("s1", "a1")).isNotNull();
		assertThat(holds.tryHold("s1", "a1")).isNull();
		assertThat(holds.tryHold("s2", "a1")).as("another session").isNotNull();
		first.release();
		first.release();
		assertThat(holds.held()).isEqualTo(2);
		assertThat(holds.tryHold("s1", "a1")).isNotNull();
		assertThat(holds.tryHold("s1", "a1")).isNull();
	}

	@Test
	void tryHoldWhenAddressCapReachedThenNoneForAnySessionOfIt() {
		LongPollHolds holds = new LongPollHolds(100, 5, 3);
		for (int i = 0; i < 3; i++) {
			assertThat(holds.tryHold("s" + i, "203.0.113.7")).isNotNull();
		}
		assertThat(holds.tryHold("s9", "203.0.113.7")).isNull();
		assertThat(holds.tryHold("s9", "198.51.100.1")).isNotNull();
		// a refusal by address gives the session's place back
		assertThat(holds.held()).isEqualTo(4);
	}

	@Test
	void tryHoldWhenTotalCapReachedThenNoneAndReleasesFreePlaces() {
		LongPollHolds holds = new LongPollHolds(3, 5, 5);
		List<LongPollHolds.Hold> taken = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			taken.add(holds.tryHold("s" + i, "a" + i));
		}
		assertThat(holds.tryHold("s9", "a9")).isNull();
		taken.forEach(LongPollHolds.Hold::release);
		assertThat(holds.held()).isZero();
		assertThat(holds.tryHold("s9", "a9")).isNotNull();
	}

	@Test
	void tryHoldWhenCapIsZeroThenNeverHeld() {
		assertThat(new LongPollHolds(0, 1, 1).tryHold("s", "a")).isNull();
		assertThat(new LongPollHolds(1, 0, 1).tryHold("s", "a")).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> new LongPollHolds(-1, 1, 1));
	}

}
