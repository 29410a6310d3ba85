package dev.tglogin.observation;

import org.jspecify.annotations.Nullable;

import io.micrometer.observation.Observation;
import org.springframework.util.Assert;

/**
 * The context of the observation of one upstream call: which upstream, which operation, and how it ended. It holds
 * no URL, body, header or token.
 */
public final class UpstreamCallContext extends Observation.Context {

	private final String upstream;

	private final String operation;

	private @Nullable UpstreamCallOutcome outcome;

	private int status = -1;

	/**
	 * Creates a context.
	 * @param upstream the upstream, e.g. {@code bondify}
	 * @param operation the operation, e.g. {@code generate}
	 */
	public UpstreamCallContext(String upstream, String operation) {
		Assert.hasText(upstream, "upstream cannot be empty");
		Assert.hasText(operation, "operation cannot be empty");
		this.upstream = upstream;
		this.operation = operation;
	}

	/** Returns the upstream, e.g. {@code bondify} or {@code xellar}. */
	public String getUpstream() {
		return this.upstream;
	}

	/** Returns the operation, e.g. {@code generate}, {@code status}, {@code send}, {@code verify}. */
	public String getOperation() {
		return this.operation;
	}

	/** Returns how the call ended, {@code null} while it runs. */
	public @Nullable UpstreamCallOutcome getOutcome() {
		return this.outcome;
	}

	/** Returns the answer's HTTP status, {@code -1} when there was no answer. */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Records an answer.
	 * @param status its HTTP status
	 */
	public void setStatus(int status) {
		this.status = status;
		this.outcome = UpstreamCallOutcome.of(status);
	}

	/**
	 * Records how the call ended.
	 * @param outcome the outcome
	 */
	public void setOutcome(UpstreamCallOutcome outcome) {
		Assert.notNull(outcome, "outcome cannot be null");
		this.outcome = outcome;
	}

}
