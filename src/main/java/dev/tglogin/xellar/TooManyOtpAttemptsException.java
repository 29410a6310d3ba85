package dev.tglogin.xellar;

import java.io.Serial;

import org.springframework.security.authentication.BadCredentialsException;

/**
 * More codes were submitted for one OTP than it allows: the pending login is dropped and a new OTP is needed.
 * Published as an authentication failure (a {@code BadCredentialsException}, so the default event publisher maps it
 * to {@code AuthenticationFailureBadCredentialsEvent}).
 */
public final class TooManyOtpAttemptsException extends BadCredentialsException {

	@Serial
	private static final long serialVersionUID = 1L;

	public TooManyOtpAttemptsException() {
		super("Too many wrong codes; request a new code");
	}

}
