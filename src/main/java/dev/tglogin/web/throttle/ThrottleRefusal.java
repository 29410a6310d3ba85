package dev.tglogin.web.throttle;

import java.time.Duration;

/**
 * A request a {@link LoginThrottle} refused: which limit was reached and how long until its window ends.
 *
 * @param limit the limit's name, e.g. {@link LoginThrottle#STARTS_PER_ADDRESS}
 * @param retryAfter the time until the window ends, at least one second
 */
public record ThrottleRefusal(String limit, Duration retryAfter) {

	/** Returns the {@code Retry-After} value: whole seconds, rounded up, at least 1. */
	public long retryAfterSeconds() {
		long seconds = this.retryAfter.getSeconds() + ((this.retryAfter.getNano() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
