package dev.tglogin.miniapp;

import java.io.Serial;

import org.springframework.security.authentication.BadCredentialsException;

/**
 * Mini App init data was refused. The {@link #getReason() reason} is a short machine-readable code for logs and
 * metrics ({@code malformed}, {@code missing_hash}, {@code missing_signature}, {@code bad_signature},
 * {@code expired}, {@code issued_in_future}, {@code bad_user}, {@code replayed}); the message never contains the init
 * data or any part of it.
 */
public class InvalidInitDataException extends BadCredentialsException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String reason;

	/**
	 * Creates the exception.
	 * @param reason a short code such as {@code bad_signature}
	 * @param message a human-readable message without the init data
	 */
	public InvalidInitDataException(String reason, String message) {
		super(message);
		this.reason = reason;
	}

	/** Returns the reason code, e.g. {@code malformed}, {@code bad_signature}, {@code expired}. */
	public String getReason() {
		return this.reason;
	}

}
