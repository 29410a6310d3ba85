package dev.tglogin.store;

import java.io.Serial;

import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * The shared store could not be reached or failed: the login cannot complete now (503 {@code login_unavailable}), and
 * may on a retry. Single-use and throttle checks never pass silently when the store is down.
 */
public final class StoreUnavailableException extends AuthenticationServiceException {

	@Serial
	private static final long serialVersionUID = 1L;

	public StoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
