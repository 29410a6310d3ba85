package dev.tglogin.web;

import java.io.Serial;

import org.springframework.security.core.AuthenticationException;

/**
 * The browser has no pending login of the kind the request acts on (none started, already completed or ended, or
 * started in another browser session): 409 {@code no_pending_login}.
 */
public final class NoPendingLoginException extends AuthenticationException {

	@Serial
	private static final long serialVersionUID = 1L;

	public NoPendingLoginException() {
		super("No login is pending in this session");
	}

}
