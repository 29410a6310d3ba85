package dev.tglogin.web.throttle;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.TelegramLoginStore;

/**
 * The least time between two OTPs sent to one phone number, kept with a {@link TelegramLoginStore} counter that
 * lives from the first send for one interval (not a window aligned to the epoch: two sends a second apart across a
 * minute boundary are refused too, as the upstream would). The counter's end is recorded as an outcome beside it, so
 * a refusal's {@code Retry-After} is the time left until the next send may go out.
 * <p>
 * This class is thread-safe (the store is atomic).
 */
final class SendInterval {

	private static final String END_SUFFIX = ":end";

	private final TelegramLoginStore store;

	private final String name;

	SendInterval(TelegramLoginStore store, String name) {
		this.store = store;
		this.name = name;
	}

	/**
	 * Counts a send to a phone number.
	 * @param value the phone number (hashed into the key)
	 * @param interval the least time between two sends, {@link Duration#ZERO} for none
	 * @param now the current instant
	 * @return the refusal, or {@code null} when the send may go out
	 */
	@Nullable ThrottleRefusal check(String value, Duration interval, Instant now) {
		if (interval.isZero()) {
			return null;
		}
		String key = key(value);
		Instant end = now.plus(interval);
		// the counter ends just before the interval does: a send at its very end is the next one's first
		if (this.store.increment(key, end.minusMillis(1)) == 1) {
			this.store.putOutcome(key + END_SUFFIX, Long.toString(end.toEpochMilli()), end);
			return null;
		}
		Duration left = interval;
		String recorded = this.store.findOutcome(key + END_SUFFIX);
		if (recorded != null) {
			try {
				Duration untilEnd = Duration.between(now, Instant.ofEpochMilli(Long.parseLong(recorded)));
				if (!untilEnd.isNegative() && untilEnd.compareTo(interval) <= 0) {
					left = untilEnd;
				}
			}
			catch (NumberFormatException ex) {
				// another writer's value: the whole interval is the safe answer
			}
		}
		return new ThrottleRefusal(this.name, left.isZero() ? Duration.ofSeconds(1) : left);
	}

	/**
	 * Takes back a send that did not go out (the upstream could not be reached), so the user may ask again at once.
	 * @param value the phone number
	 */
	void giveBack(String value) {
		this.store.decrement(key(value));
	}

	private String key(String value) {
		return StoreKeys.key("throttle-" + this.name, value);
	}

}
