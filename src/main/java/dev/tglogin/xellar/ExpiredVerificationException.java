package dev.tglogin.xellar;

import java.io.Serial;

import org.springframework.security.authentication.BadCredentialsException;

/**
 * Xellar no longer accepts the verification token (expired, used, or replaced by a newer OTP request): the user
 * needs a new OTP.
 */
public final class ExpiredVerificationException extends BadCredentialsException {

	@Serial
	private static final long serialVersionUID = 1L;

	public ExpiredVerificationException() {
		super("The one-time code has expired; request a new one");
	}

}
