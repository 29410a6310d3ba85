package dev.tglogin.bondify;

import java.io.Serial;

/**
 * The proof (its Bondify session) has already been used for a login.
 */
public final class ReplayedProofException extends InvalidProofException {

	@Serial
	private static final long serialVersionUID = 1L;

	public ReplayedProofException() {
		super("replayed", "Proof has already been used");
	}

}
