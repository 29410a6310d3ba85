package dev.tglogin.bondify;

import java.util.Locale;

import org.springframework.util.Assert;

import dev.tglogin.core.UpstreamException;

/**
 * What is known of one Bondify login: the one answer the status path acts on, from polling Bondify
 * ({@link BondifyStatusPoller}) or from a verified webhook ({@link BondifyWebhookOutcomes}).
 * <p>
 * {@link Pending} and {@link Failed} leave the login pending; {@link Confirmed} and {@link ConfirmedByWebhook}
 * complete it; {@link Cancelled}, {@link Expired} and {@link Used} end it. Values are immutable; {@code toString()}
 * shows no proof and no session token.
 */
public sealed interface BondifyLoginState {

	/** The user has not answered yet. */
	BondifyLoginState PENDING = new Pending();

	/** The user tapped Cancel (in Telegram, or told by an {@code auth.cancelled} webhook). */
	BondifyLoginState CANCELLED = new Cancelled();

	/** The session's lifetime ran out. */
	BondifyLoginState EXPIRED = new Expired();

	/** Bondify handed the proof out to an earlier poll. */
	BondifyLoginState USED = new Used();

	/**
	 * Returns the state of a status answer.
	 * @param status Bondify's answer
	 * @return the state
	 */
	static BondifyLoginState of(BondifyStatus status) {
		Assert.notNull(status, "status cannot be null");
		return switch (status.state()) {
			case PENDING -> PENDING;
			case CONFIRMED -> new Confirmed(status.proof());
			case CANCELLED -> CANCELLED;
			case EXPIRED -> EXPIRED;
			case USED -> USED;
		};
	}

	/**
	 * Returns the state of a verified webhook event.
	 * @param event the event
	 * @return {@link ConfirmedByWebhook} or {@link #CANCELLED}
	 */
	static BondifyLoginState of(BondifyWebhookEvent event) {
		Assert.notNull(event, "event cannot be null");
		return event.confirmed() ? new ConfirmedByWebhook(event) : CANCELLED;
	}

	/** Whether the login is over with this state (completed or ended): polling it again tells nothing new. */
	default boolean isDecisive() {
		return !(this instanceof Pending) && !(this instanceof Failed);
	}

	/** The {@code status} the browser is told: {@code pending}, {@code confirmed}, {@code cancelled}, ... */
	default String statusName() {
		return getClass().getSimpleName().replace("ByWebhook", "").toLowerCase(Locale.ROOT);
	}

	/** The user has not answered yet. */
	record Pending() implements BondifyLoginState {
	}

	/**
	 * Bondify confirmed and handed out the proof (once); it must be verified before use.
	 * @param proof the proof JWT
	 */
	record Confirmed(String proof) implements BondifyLoginState {

		public Confirmed {
			Assert.hasText(proof, "proof cannot be empty");
		}

		@Override
		public String toString() {
			return "Confirmed[proof=[PROTECTED]]";
		}

	}

	/**
	 * A verified {@code auth.confirmed} webhook came for the login.
	 * @param event the event
	 */
	record ConfirmedByWebhook(BondifyWebhookEvent event) implements BondifyLoginState {

		public ConfirmedByWebhook {
			Assert.isTrue(event != null && event.confirmed(), "event must be a confirmation");
		}

	}

	/** The user tapped Cancel. */
	record Cancelled() implements BondifyLoginState {
	}

	/** The session's lifetime ran out (or Bondify no longer knows it). */
	record Expired() implements BondifyLoginState {
	}

	/** The proof was handed out to an earlier poll. */
	record Used() implements BondifyLoginState {
	}

	/**
	 * The upstream check failed; the login stays pending and the browser is told the failure.
	 * @param failure what failed
	 */
	record Failed(UpstreamException failure) implements BondifyLoginState {

		public Failed {
			Assert.notNull(failure, "failure cannot be null");
		}

	}

}
