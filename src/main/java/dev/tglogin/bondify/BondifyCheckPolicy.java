package dev.tglogin.bondify;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * When and by whom {@link BondifyStatusPoller} checks a login upstream, and where else its state may be found: the
 * check interval ({@code minInterval}, or with webhooks on the longer fallback interval while their store can be
 * read), the lease that lets one instance of those sharing the store check a login per interval, and the decisive
 * answers shared through the store.
 * <p>
 * This class is thread-safe once configured.
 */
final class BondifyCheckPolicy {

	/** Shortest time between two upstream calls of one long-polled login, whatever {@code minInterval} says. */
	static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	/** The least time after its last poll that a login counts as polled recently (refreshed in the background). */
	private static final long RECENT_NANOS = TimeUnit.SECONDS.toNanos(5);

	private volatile long minIntervalNanos;

	private volatile long fallbackNanos = BondifyStatusPoller.DEFAULT_WEBHOOK_FALLBACK_CHECK_INTERVAL.toNanos();

	private volatile @Nullable BondifyWebhookOutcomes webhooks;

	private volatile @Nullable BondifyWebhookOutcomes shared;

	void setMinInterval(Duration minInterval) {
		Assert.isTrue(minInterval != null && !minInterval.isNegative(), "minInterval cannot be negative");
		this.minIntervalNanos = minInterval.toNanos();
	}

	void setFallbackInterval(Duration interval) {
		Assert.isTrue(interval != null && interval.compareTo(Duration.ZERO) > 0,
				"webhookFallbackCheckInterval must be positive");
		this.fallbackNanos = interval.toNanos();
	}

	void setWebhooks(BondifyWebhookOutcomes webhooks) {
		this.webhooks = webhooks;
	}

	void setShared(BondifyWebhookOutcomes shared) {
		this.shared = shared;
	}

	/** Whether Bondify is asked only by the fallback check: webhooks on, and their store readable. */
	boolean isWebhookFirst() {
		BondifyWebhookOutcomes webhooks = this.webhooks;
		return webhooks != null && webhooks.isReadable();
	}

	/** The least time between two upstream calls of one login. */
	long checkNanos() {
		return isWebhookFirst() ? Math.max(this.fallbackNanos, this.minIntervalNanos) : this.minIntervalNanos;
	}

	/**
	 * The time from a login's last upstream call to its next check in the background: the check interval, at least
	 * the least tick.
	 */
	long backgroundCheckNanos() {
		return Math.max(checkNanos(), MIN_TICK_NANOS);
	}

	/** The time between two store reads of a long-polled login, and between two tries at the limit of calls. */
	long tickNanos() {
		return Math.max(this.minIntervalNanos, MIN_TICK_NANOS);
	}

	/** Whether a login last polled at {@code lastUsed} is checked in the background: polled within two intervals. */
	boolean isPolledRecently(long lastUsed, long now) {
		return checkNanos() > 0 && isStillPolled(lastUsed, now);
	}

	/**
	 * Whether a login last polled at {@code lastUsed} is still polled: within two intervals (at least 5 s). A login
	 * that waits for a place among the calls in flight is checked when its turn comes only then.
	 */
	boolean isStillPolled(long lastUsed, long now) {
		return now - lastUsed < Math.max(2 * this.minIntervalNanos, RECENT_NANOS);
	}

	/**
	 * Where a login's decisive state may be recorded: the webhooks' store, or the shared store when another instance
	 * checks the login.
	 */
	@Nullable BondifyWebhookOutcomes storeOf(boolean checkedElsewhere) {
		BondifyWebhookOutcomes webhooks = this.webhooks;
		return (webhooks != null) ? webhooks : checkedElsewhere ? this.shared : null;
	}

	/** Whether this instance checks the login now: no shared store, no interval, or the lease taken. */
	boolean tryCheck(String sessionToken) {
		long interval = checkNanos();
		BondifyWebhookOutcomes shared = this.shared;
		return interval == 0 || shared == null || shared.tryCheck(sessionToken, Duration.ofNanos(interval));
	}

	/** Shares a decisive answer with the other instances, and marks a confirmation. */
	void decided(String sessionToken, BondifyLoginState state) {
		BondifyWebhookOutcomes shared = this.shared;
		if (shared != null && state.isDecisive()) {
			shared.share(sessionToken, state);
			if (state instanceof BondifyLoginState.Confirmed) {
				shared.markConfirmed(sessionToken);
			}
		}
	}

}
