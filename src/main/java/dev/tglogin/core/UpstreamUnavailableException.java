package dev.tglogin.core;

import java.io.Serial;

/**
 * The upstream could not be reached (connection refused, DNS, connect timeout) or said it is unavailable (503).
 */
public final class UpstreamUnavailableException extends UpstreamException {

	@Serial
	private static final long serialVersionUID = 1L;

	public UpstreamUnavailableException(String upstream, String message) {
		super(upstream, message);
	}

	public UpstreamUnavailableException(String upstream, String message, Throwable cause) {
		super(upstream, message, cause);
	}

}
