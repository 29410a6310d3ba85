package dev.tglogin.xellar;

import java.io.Serial;

import org.springframework.security.authentication.BadCredentialsException;

/**
 * Xellar refused the OTP: the user may try again (within the attempt limit) with the same verification token.
 */
public final class WrongOtpException extends BadCredentialsException {

	@Serial
	private static final long serialVersionUID = 1L;

	public WrongOtpException() {
		super("The one-time code is wrong");
	}

}
