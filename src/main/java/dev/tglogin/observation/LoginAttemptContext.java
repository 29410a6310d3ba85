package dev.tglogin.observation;

import org.jspecify.annotations.Nullable;

import io.micrometer.observation.Observation;
import org.springframework.util.Assert;

import dev.tglogin.core.TelegramLoginFlow;

/**
 * The context of the observation of one login attempt (a Bondify proof or a Xellar code handed to the
 * authentication provider): the flow and how it ended. It holds no token, code, phone number or user id.
 */
public final class LoginAttemptContext extends Observation.Context {

	/** The outcome of an attempt that authenticated the user. */
	public static final String SUCCESS = "success";

	private final TelegramLoginFlow flow;

	private @Nullable String outcome;

	/**
	 * Creates a context.
	 * @param flow the flow
	 */
	public LoginAttemptContext(TelegramLoginFlow flow) {
		Assert.notNull(flow, "flow cannot be null");
		this.flow = flow;
	}

	/** Returns the flow. */
	public TelegramLoginFlow getFlow() {
		return this.flow;
	}

	/**
	 * Returns how the attempt ended: {@value #SUCCESS}, or the error code of the HTTP contract it failed with
	 * ({@code invalid_proof}, {@code invalid_otp}, {@code upstream_timeout}...); {@code null} while it runs.
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	/**
	 * Records how the attempt ended.
	 * @param outcome {@value #SUCCESS} or an error code
	 */
	public void setOutcome(String outcome) {
		Assert.hasText(outcome, "outcome cannot be empty");
		this.outcome = outcome;
	}

}
