package dev.tglogin.security;

import java.util.function.Function;

/**
 * One case of the {@link TokenAttackCorpus}: a crafted proof or request, how it reaches the library, and what the
 * library must answer.
 *
 * @param name the case's name (unique in the corpus)
 * @param delivery how the crafted bytes reach the library
 * @param expectedStatus the HTTP status the attacker must get
 * @param expectedError the {@code error} code the attacker must get, or {@code null} for a login (see
 * {@link Delivery#STATUS_LOGS_IN_AS_PROOF})
 * @param craft makes the bytes from the case's context
 */
record TokenAttack(String name, Delivery delivery, int expectedStatus, String expectedError,
		Function<Context, byte[]> craft) {

	@Override
	public String toString() {
		return this.name;
	}

	/** How a crafted case reaches the library. */
	enum Delivery {

		/** The bytes are the body of the attacker's {@code POST /proof}. */
		PROOF_ENDPOINT,

		/**
		 * The bytes are the body of Bondify's verify answer for the attacker's own pending login, which the attacker
		 * then polls with {@code POST /status}.
		 */
		STATUS_FROM_BONDIFY,

		/**
		 * Like {@link #STATUS_FROM_BONDIFY}, with a valid proof whose unsigned fields lie: the login must succeed as the
		 * proof's user, never as the fields'.
		 */
		STATUS_LOGS_IN_AS_PROOF

	}

	/**
	 * What a case is crafted from.
	 *
	 * @param secret the project's signing secret
	 * @param projectId our project id
	 * @param attackerSession the Bondify session token of the attacker's own pending login (status cases), else a
	 * fresh one
	 * @param honestSession the Bondify session token of the honest user's pending login
	 * @param replay a proof that has already completed a login
	 */
	record Context(byte[] secret, String projectId, String attackerSession, String honestSession, String replay) {
	}

}
