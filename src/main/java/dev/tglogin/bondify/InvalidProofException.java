package dev.tglogin.bondify;

import java.io.Serial;

import org.springframework.security.authentication.BadCredentialsException;

/**
 * A Bondify proof was refused. The {@link #getReason() reason} is a short machine-readable code for logs and
 * metrics; the message never contains the proof or any token. Subclasses mark the causes callers may treat apart.
 */
public class InvalidProofException extends BadCredentialsException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String reason;

	/**
	 * Creates the exception.
	 * @param reason a short code such as {@code bad_signature}
	 * @param message a human-readable message without secrets
	 */
	public InvalidProofException(String reason, String message) {
		super(message);
		this.reason = reason;
	}

	public InvalidProofException(String reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	/** Returns the reason code, e.g. {@code malformed}, {@code bad_signature}, {@code expired}. */
	public String getReason() {
		return this.reason;
	}

}
