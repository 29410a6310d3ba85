package dev.tglogin.web;

import java.io.Serializable;
import java.time.Instant;

/**
 * A login a browser has started and not finished, kept with that browser's HTTP session. Implementations are small,
 * immutable and serializable (so Spring Session can share them), and never print their tokens.
 */
public interface PendingLogin extends Serializable {

	/** Returns when the login can no longer complete. */
	Instant getExpiresAt();

}
