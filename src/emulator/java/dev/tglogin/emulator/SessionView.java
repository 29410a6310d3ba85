package dev.tglogin.emulator;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A read-only snapshot of one emulated Bondify login session, for the emulated Telegram page and for tests.
 *
 * @param sessionToken the session token (a secret of the login attempt: do not log it)
 * @param state the state at the time of the snapshot
 * @param createdAt when the session was generated
 * @param expiresAt when the session expires if not confirmed and delivered before
 * @param user the confirming user, or {@code null} unless {@link State#CONFIRMED} or {@link State#USED}
 */
public record SessionView(String sessionToken, State state, Instant createdAt, Instant expiresAt,
		@Nullable EmulatedTelegramUser user) {

	/** Requires token, state and times. */
	public SessionView {
		Assert.hasText(sessionToken, "sessionToken cannot be empty");
		Assert.notNull(state, "state cannot be null");
		Assert.notNull(createdAt, "createdAt cannot be null");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
	}

	/** The life cycle of a session. */
	public enum State {

		/** Generated, waiting for the user to confirm or cancel in Telegram. */
		PENDING,

		/** Confirmed by the user; the next verify delivers the proof. */
		CONFIRMED,

		/** Confirmed and the proof was delivered once; later verifies answer {@code used}. */
		USED,

		/** Cancelled by the user. */
		CANCELLED,

		/** Past its expiry time without a delivered confirmation. */
		EXPIRED

	}

}
