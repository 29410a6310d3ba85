package dev.tglogin.bondify;

import java.io.Serial;

/**
 * The proof's {@code exp} has passed (beyond the allowed clock skew): the user must log in again.
 */
public final class ExpiredProofException extends InvalidProofException {

	@Serial
	private static final long serialVersionUID = 1L;

	public ExpiredProofException(String message) {
		super("expired", message);
	}

}
