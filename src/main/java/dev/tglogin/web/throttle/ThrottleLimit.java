package dev.tglogin.web.throttle;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * A limit of a {@link LoginThrottle}: at most {@code limit} events per fixed window of {@code window}, or no limit
 * at all when {@code limit} is {@code 0}.
 * <p>
 * Windows are fixed and aligned to the epoch (a one-minute window runs from one full minute to the next), so every
 * instance of a cluster counts into the same window, and the {@code Retry-After} of a refusal is the time left until
 * the window ends. As with any fixed window, up to twice the limit can pass around a window boundary.
 *
 * @param limit the most events allowed per window, {@code 0} for no limit
 * @param window the window length, at least one second and at most one day
 */
public record ThrottleLimit(int limit, Duration window) {

	/** The longest window: one day. */
	public static final Duration MAX_WINDOW = Duration.ofDays(1);

	/** Validates the limit. */
	public ThrottleLimit {
		Assert.isTrue(limit >= 0, "limit cannot be negative");
		Assert.notNull(window, "window cannot be null");
		Assert.isTrue(window.compareTo(Duration.ofSeconds(1)) >= 0 && window.compareTo(MAX_WINDOW) <= 0,
				"window must be between 1 second and 1 day");
	}

	/**
	 * Returns a limit.
	 * @param limit the most events per window, {@code 0} for no limit
	 * @param window the window
	 * @return the limit
	 */
	public static ThrottleLimit of(int limit, Duration window) {
		return new ThrottleLimit(limit, window);
	}

	/** Returns a limit that never refuses. */
	public static ThrottleLimit unlimited() {
		return new ThrottleLimit(0, Duration.ofMinutes(1));
	}

	/** Whether this limit never refuses. */
	public boolean isUnlimited() {
		return this.limit == 0;
	}

	@Override
	public String toString() {
		return isUnlimited() ? "unlimited" : this.limit + " per " + this.window;
	}

}
