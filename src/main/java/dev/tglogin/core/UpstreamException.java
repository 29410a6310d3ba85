package dev.tglogin.core;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * An upstream (Bondify or Xellar) call failed for a reason that is not the user's: the login cannot go on now but
 * may succeed on a retry. Pending logins survive it.
 * <p>
 * Messages name the upstream and the cause, never a token or secret. Subclasses tell callers how to react.
 */
public class UpstreamException extends AuthenticationServiceException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String upstream;

	/**
	 * Creates an exception for a response the library cannot use (unexpected status, malformed or oversized body).
	 * @param upstream the upstream's name, e.g. {@code bondify}
	 * @param message what went wrong, without secrets
	 */
	public UpstreamException(String upstream, String message) {
		super(upstream + ": " + message);
		this.upstream = upstream;
	}

	public UpstreamException(String upstream, String message, @Nullable Throwable cause) {
		super(upstream + ": " + message, cause);
		this.upstream = upstream;
	}

	/** Returns the upstream's name, e.g. {@code bondify} or {@code xellar}. */
	public String getUpstream() {
		return this.upstream;
	}

}
