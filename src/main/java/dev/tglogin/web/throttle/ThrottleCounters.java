package dev.tglogin.web.throttle;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.observation.TelegramLoginMetrics;
import dev.tglogin.store.StoreKeys;
import dev.tglogin.store.TelegramLoginStore;

/**
 * The fixed-window counting behind {@link LoginThrottle}: one counter per limit, value and window, in the
 * {@link TelegramLoginStore} (shared by a cluster) or in this instance's memory ({@link LocalWindowCounter}), and the
 * refusal of a count over its limit (counted in the metrics, logged once per window at INFO, under
 * {@link LoginThrottle}'s logger). Store keys hold only a hash of the counted value ({@link StoreKeys}).
 * <p>
 * This class is thread-safe.
 */
final class ThrottleCounters {

	private static final String NAMESPACE = "throttle-";

	private static final Log logger = LogFactory.getLog(LoginThrottle.class);

	private final TelegramLoginStore store;

	private final LocalWindowCounter localCounts = new LocalWindowCounter();

	private volatile TelegramLoginMetrics metrics = TelegramLoginMetrics.NOOP;

	ThrottleCounters(TelegramLoginStore store) {
		Assert.notNull(store, "store cannot be null");
		this.store = store;
	}

	void setMetrics(TelegramLoginMetrics metrics) {
		Assert.notNull(metrics, "metrics cannot be null");
		this.metrics = metrics;
	}

	/**
	 * Counts one event of a value in the store, in the window of {@code now}.
	 * @param name the limit's name
	 * @param limit the limit
	 * @param value what is counted (a session id, an address, a phone number; only its hash is stored)
	 * @param now now
	 * @return the refusal when the count is over the limit, else {@code null} (always for an unlimited limit)
	 */
	@Nullable ThrottleRefusal count(String name, ThrottleLimit limit, String value, Instant now) {
		if (limit.isUnlimited()) {
			return null;
		}
		Instant start = windowStart(limit, now);
		Instant end = start.plus(limit.window());
		long count = this.store.increment(key(name, value, start), end);
		return refusal(name, limit, value, start, now, count);
	}

	/**
	 * Counts one event of a value in this instance's memory, in the window of {@code now}: for a limit checked too
	 * often for a store write each time.
	 * @param name the limit's name
	 * @param limit the limit
	 * @param value what is counted (kept in memory only)
	 * @param now now
	 * @return the refusal when the count is over the limit, else {@code null} (always for an unlimited limit)
	 */
	@Nullable ThrottleRefusal countLocally(String name, ThrottleLimit limit, String value, Instant now) {
		if (limit.isUnlimited()) {
			return null;
		}
		Instant start = windowStart(limit, now);
		Instant end = start.plus(limit.window());
		long count = this.localCounts.increment(value, start.toEpochMilli(), end.toEpochMilli(), now.toEpochMilli());
		return refusal(name, limit, value, start, now, count);
	}

	/**
	 * Gives back one event counted in the store by {@link #count} in the window of {@code now}.
	 * @param name the limit's name
	 * @param limit the limit
	 * @param value what was counted
	 * @param now now
	 */
	void giveBack(String name, ThrottleLimit limit, String value, Instant now) {
		if (!limit.isUnlimited()) {
			this.store.decrement(key(name, value, windowStart(limit, now)));
		}
	}

	/** The refusal of a count over the limit (logged and counted), else {@code null}. */
	private @Nullable ThrottleRefusal refusal(String name, ThrottleLimit limit, String value, Instant start,
			Instant now, long count) {
		if (count <= limit.limit()) {
			return null;
		}
		Instant end = start.plus(limit.window());
		String key = key(name, value, start);
		ThrottleRefusal refusal = new ThrottleRefusal(name, Duration.between(now, end));
		this.metrics.throttleRefused(name);
		if (count == limit.limit() + 1L) {
			logger.info("Telegram login throttled (limit=" + name + ", key " + StoreKeys.logRef(key) + ", "
					+ limit + ", retryAfter=" + refusal.retryAfterSeconds() + "s)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Telegram login throttled again (limit=" + name + ", key " + StoreKeys.logRef(key) + ")");
		}
		return refusal;
	}

	private static Instant windowStart(ThrottleLimit limit, Instant now) {
		long window = limit.window().toMillis();
		return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), window) * window);
	}

	static String key(String name, String value, Instant windowStart) {
		return StoreKeys.key(NAMESPACE + name, value) + ":" + windowStart.getEpochSecond();
	}

}
