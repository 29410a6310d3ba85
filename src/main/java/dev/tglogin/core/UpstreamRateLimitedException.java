package dev.tglogin.core;

import java.io.Serial;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The upstream answered 429: retry after {@link #getRetryAfter()} when it said so.
 */
public final class UpstreamRateLimitedException extends UpstreamException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final @Nullable Duration retryAfter;

	public UpstreamRateLimitedException(String upstream, @Nullable Duration retryAfter) {
		super(upstream, "rate limited" + ((retryAfter != null) ? " (retry after " + retryAfter.toSeconds() + "s)" : ""));
		this.retryAfter = retryAfter;
	}

	/** Returns how long the upstream asked us to wait, or {@code null} when it did not say. */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

}
