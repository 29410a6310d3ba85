package dev.tglogin.core;

import java.io.Serial;

/**
 * The upstream answered a server error (5xx other than 503, which is {@link UpstreamUnavailableException}): it could
 * not handle the call, so it judged nothing and a retry may succeed.
 */
public final class UpstreamServerErrorException extends UpstreamException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final int status;

	/**
	 * Creates an exception.
	 * @param upstream the upstream's name, e.g. {@code xellar}
	 * @param status the HTTP status (500-599)
	 * @param message what went wrong, without secrets
	 */
	public UpstreamServerErrorException(String upstream, int status, String message) {
		super(upstream, message);
		this.status = status;
	}

	/** Returns the HTTP status the upstream answered. */
	public int getStatus() {
		return this.status;
	}

}
