package dev.tglogin.web;

import java.io.Serial;

import org.springframework.security.core.AuthenticationException;

/**
 * A request that cannot be processed as sent: bad JSON, a missing field, a body too large. An
 * {@link AuthenticationException}, so that a filter can leave it to its failure handler like any other failure.
 */
public final class InvalidRequestException extends AuthenticationException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final TelegramLoginError error;

	public InvalidRequestException(TelegramLoginError error) {
		super(error.message());
		this.error = error;
	}

	/** Returns the error answer. */
	public TelegramLoginError getError() {
		return this.error;
	}

}
