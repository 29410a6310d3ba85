package dev.tglogin.core;

import java.io.Serial;

import org.springframework.context.ApplicationEvent;
import org.springframework.util.Assert;

/**
 * A Telegram login that ended without a decision on the user's identity: cancelled in Telegram, expired before it was
 * confirmed, or already used elsewhere. Successes and failures are Spring Security's own authentication events; this
 * one is for what is neither. The source is the request's authentication details (remote address), never a token.
 */
public final class TelegramLoginEndedEvent extends ApplicationEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final TelegramLoginFlow flow;

	private final String outcome;

	/**
	 * Creates the event.
	 * @param details the request's authentication details
	 * @param flow the flow
	 * @param outcome {@code cancelled}, {@code expired} or {@code used}
	 */
	public TelegramLoginEndedEvent(Object details, TelegramLoginFlow flow, String outcome) {
		super(details);
		Assert.notNull(flow, "flow cannot be null");
		Assert.hasText(outcome, "outcome cannot be empty");
		this.flow = flow;
		this.outcome = outcome;
	}

	/** Returns the flow. */
	public TelegramLoginFlow getFlow() {
		return this.flow;
	}

	/** Returns how the login ended: {@code cancelled}, {@code expired} or {@code used}. */
	public String getOutcome() {
		return this.outcome;
	}

	@Override
	public String toString() {
		return "TelegramLoginEndedEvent[flow=" + this.flow + ", outcome=" + this.outcome + "]";
	}

}
