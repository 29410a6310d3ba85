package dev.tglogin.observation;

import dev.tglogin.core.TelegramLoginFlow;

/**
 * What the library counts besides its observations: pending logins, throttle refusals, shed status calls and
 * webhook events. {@link #NOOP} counts nothing; {@link MicrometerTelegramLoginMetrics} counts in a Micrometer
 * {@code MeterRegistry}. Every value passed is low-cardinality: never a token, a phone number or an id.
 * <p>
 * Implementations must be thread-safe and must not throw.
 */
public interface TelegramLoginMetrics {

	/** Counts nothing. */
	TelegramLoginMetrics NOOP = new TelegramLoginMetrics() {
	};

	/**
	 * A browser started a login (a Bondify deeplink was handed out, a Xellar code was sent).
	 * @param flow the flow
	 */
	default void pendingLoginStarted(TelegramLoginFlow flow) {
	}

	/**
	 * A browser's pending login ended (completed, failed for good, cancelled, expired or replaced).
	 * @param flow the flow
	 */
	default void pendingLoginEnded(TelegramLoginFlow flow) {
	}

	/**
	 * A throttle limit refused a request.
	 * @param limit the limit's name, e.g. {@code starts-per-session}
	 */
	default void throttleRefused(String limit) {
	}

	/**
	 * A status call was not sent upstream because the upstream calls in flight were at their limit.
	 */
	default void statusCallShed() {
	}

	/**
	 * A Bondify webhook request was handled.
	 * @param type the event, e.g. {@code auth.confirmed}, or {@code unknown}
	 * @param outcome {@code recorded}, {@code ignored}, {@code invalid_signature}, {@code payload_too_large} or
	 * {@code store_unavailable}
	 */
	default void webhookEvent(String type, String outcome) {
	}

}
