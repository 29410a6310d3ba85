package dev.tglogin.emulator;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link XellarTokenMap}: lookup, single removal, purge in expiry order, bounded size.
 */
class XellarTokenMapTests {

	private static final Instant NOW = Instant.parse("2026-07-01T10:00:00Z");

	private final XellarTokenMap<Entry> map = new XellarTokenMap<>(3);

	@Test
	void getWhenPutThenTheValueAndNullForUnknownOrNull() {
		Entry entry = new Entry("a", NOW.plusSeconds(60));
		this.map.put("t1", entry);

		assertThat(this.map.get("t1")).isSameAs(entry);
		assertThat(this.map.get("t2")).isNull();
		assertThat(this.map.get(null)).isNull();
	}

	@Test
	void removeWhenRemovedThenGoneAndASecondRemoveAnswersNull() {
		this.map.put("t1", new Entry("a", NOW.plusSeconds(60)));

		assertThat(this.map.remove("t1")).isNotNull();
		assertThat(this.map.remove("t1")).isNull();
		assertThat(this.map.remove(null)).isNull();
		assertThat(this.map.get("t1")).isNull();
	}

	@Test
	void purgeWhenSomeExpiredThenOnlyTheLiveRemain() {
		this.map.put("t1", new Entry("a", NOW.plusSeconds(10)));
		this.map.put("t2", new Entry("b", NOW.plusSeconds(20)));
		this.map.put("t3", new Entry("c", NOW.plusSeconds(30)));

		this.map.purge(NOW.plusSeconds(20));

		assertThat(this.map.values()).extracting(Entry::name).containsExactly("c");
	}

	@Test
	void purgeWhenNothingExpiredThenAllRemain() {
		this.map.put("t1", new Entry("a", NOW.plusSeconds(10)));

		this.map.purge(NOW);

		assertThat(this.map.size()).isEqualTo(1);
	}

	@Test
	void putWhenFullThenTheOldestIsEvicted() {
		for (int i = 1; i <= 4; i++) {
			this.map.put("t" + i, new Entry("e" + i, NOW.plusSeconds(i)));
		}

		assertThat(this.map.size()).isEqualTo(3);
		assertThat(this.map.get("t1")).isNull();
		assertThat(this.map.values()).extracting(Entry::name).containsExactly("e2", "e3", "e4");
	}

	@Test
	void constructorWhenMaxTokensNotPositiveThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new XellarTokenMap<Entry>(0));
	}

	private record Entry(String name, Instant expiresAt) implements XellarTokenMap.Expiring {
	}

}
