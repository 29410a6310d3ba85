package dev.tglogin.emulator;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What {@link BondifyEmulator} answers: one record per answer of Bondify's public API, which the emulator's one writer
 * ({@link BondifyBodies}) turns into Bondify's JSON body. The records hold values only; the wire names are the
 * writer's. {@code toString()} never shows a session token or a proof.
 */
public sealed interface BondifyAnswer {

	/**
	 * The answer of generate: a new pending session.
	 * @param sessionToken the session token (a secret of the login attempt)
	 * @param deeplink the deeplink that opens the bot with the session token
	 * @param expiresAt when the session expires
	 */
	record Generated(String sessionToken, String deeplink, Instant expiresAt) implements BondifyAnswer {

		public Generated {
			Assert.hasText(sessionToken, "sessionToken cannot be empty");
			Assert.hasText(deeplink, "deeplink cannot be empty");
			Assert.notNull(expiresAt, "expiresAt cannot be null");
		}

		@Override
		public String toString() {
			return "Generated[sessionToken=[PROTECTED], deeplink=[PROTECTED], expiresAt=" + this.expiresAt + "]";
		}

	}

	/** An answer of verify: the session's status. */
	sealed interface Status extends BondifyAnswer {

	}

	/** Verify: the user has neither confirmed nor cancelled yet. */
	record Pending() implements Status {

	}

	/**
	 * Verify, the first time after the user confirmed: who confirmed, when, and the proof (delivered once).
	 * @param user the confirming Telegram user
	 * @param confirmedAt when the user confirmed
	 * @param proof the HS256 proof JWT
	 */
	record Confirmed(EmulatedTelegramUser user, Instant confirmedAt, String proof) implements Status {

		public Confirmed {
			Assert.notNull(user, "user cannot be null");
			Assert.notNull(confirmedAt, "confirmedAt cannot be null");
			Assert.hasText(proof, "proof cannot be empty");
		}

		@Override
		public String toString() {
			return "Confirmed[user=" + this.user.id() + ", confirmedAt=" + this.confirmedAt + ", proof=[PROTECTED]]";
		}

	}

	/**
	 * Verify: the user cancelled.
	 * @param cancelledAt when the user cancelled
	 */
	record Cancelled(Instant cancelledAt) implements Status {

		public Cancelled {
			Assert.notNull(cancelledAt, "cancelledAt cannot be null");
		}

	}

	/** Verify: the session is past its expiry without a delivered confirmation. */
	record Expired() implements Status {

	}

	/** Verify, after the proof was delivered once. */
	record Used() implements Status {

	}

	/**
	 * A refused request: Bondify's error body with an HTTP error status.
	 * @param httpStatus the HTTP status (400-599)
	 * @param code the machine-readable code, or {@code null} for none (the 500 of an emulator failure)
	 * @param message the human-readable message, without secrets or tokens
	 */
	record Refused(int httpStatus, @Nullable String code, String message) implements BondifyAnswer {

		public Refused {
			Assert.isTrue(httpStatus >= 400 && httpStatus <= 599, "httpStatus must be an HTTP error status");
			Assert.isTrue(code == null || !code.isBlank(), "code cannot be blank");
			Assert.hasText(message, "message cannot be empty");
		}

		/**
		 * @param ex a refusal of the emulator
		 * @return its answer
		 */
		public static Refused of(EmulatorException ex) {
			return new Refused(ex.status(), ex.code(), String.valueOf(ex.getMessage()));
		}

	}

}
