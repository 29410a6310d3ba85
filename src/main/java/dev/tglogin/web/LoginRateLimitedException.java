package dev.tglogin.web;

import java.io.Serial;

import org.springframework.security.core.AuthenticationException;

/**
 * A request refused for now: a throttle limit, or a concurrent request of the same login holding its turn too long.
 * 429 {@code rate_limited} with {@code Retry-After}.
 */
public final class LoginRateLimitedException extends AuthenticationException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final long retryAfterSeconds;

	/**
	 * Creates the exception.
	 * @param retryAfterSeconds the seconds until a retry can succeed
	 */
	public LoginRateLimitedException(long retryAfterSeconds) {
		super("Too many login attempts; try again later");
		this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
	}

	/** Returns the seconds until a retry can succeed (at least 1). */
	public long getRetryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
