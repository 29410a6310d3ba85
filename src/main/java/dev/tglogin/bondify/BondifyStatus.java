package dev.tglogin.bondify;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The answer to a status poll. Only the {@link #proof()} matters for identity; it must be verified before use.
 *
 * @param state the session's state
 * @param proof the signed proof JWT when {@link State#CONFIRMED}, else {@code null}
 */
public record BondifyStatus(State state, @Nullable String proof) {

	/** A pending answer. */
	public static final BondifyStatus PENDING = new BondifyStatus(State.PENDING, null);

	public BondifyStatus {
		Assert.notNull(state, "state cannot be null");
		Assert.isTrue((state == State.CONFIRMED) == (proof != null), "a proof comes with, and only with, CONFIRMED");
	}

	/**
	 * The states of a Bondify session, as seen by a poller.
	 */
	public enum State {

		/** The user has not answered yet. */
		PENDING,
		/** The user confirmed; the answer carries the proof (given out once). */
		CONFIRMED,
		/** The user tapped Cancel. */
		CANCELLED,
		/** The session's lifetime ran out (or Bondify no longer knows it). */
		EXPIRED,
		/** The proof was already handed out to an earlier poll. */
		USED;

		/** Whether polling should stop. */
		public boolean isTerminal() {
			return this != PENDING;
		}

	}

	@Override
	public String toString() {
		return "BondifyStatus[state=" + this.state + ((this.proof != null) ? ", proof=[PROTECTED]" : "") + "]";
	}

}
