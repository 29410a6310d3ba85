package dev.tglogin.bondify;

import java.io.Serial;

/**
 * The proof was signed for another Bondify project (its {@code project_id} is not ours).
 */
public final class WrongProjectProofException extends InvalidProofException {

	@Serial
	private static final long serialVersionUID = 1L;

	public WrongProjectProofException() {
		super("wrong_project", "Proof was issued for another project");
	}

}
