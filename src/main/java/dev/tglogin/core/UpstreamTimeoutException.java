package dev.tglogin.core;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

/**
 * The upstream did not answer within the configured read timeout.
 */
public final class UpstreamTimeoutException extends UpstreamException {

	@Serial
	private static final long serialVersionUID = 1L;

	public UpstreamTimeoutException(String upstream, String message, @Nullable Throwable cause) {
		super(upstream, message, cause);
	}

}
