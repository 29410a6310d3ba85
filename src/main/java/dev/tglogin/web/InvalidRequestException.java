package dev.tglogin.web;

import java.io.Serial;

/**
 * A request that cannot be processed as sent: bad JSON, a missing field, a body too large.
 */
public final class InvalidRequestException extends Exception {

	@Serial
	private static final long serialVersionUID = 1L;

	private final TelegramLoginError error;

	public InvalidRequestException(TelegramLoginError error) {
		super(error.message(), null, false, false);
		this.error = error;
	}

	/** Returns the error answer. */
	public TelegramLoginError getError() {
		return this.error;
	}

}
