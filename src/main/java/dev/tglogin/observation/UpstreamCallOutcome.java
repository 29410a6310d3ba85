package dev.tglogin.observation;

/**
 * How an upstream call ended, as the HTTP exchange tells it (the clients may still read a 2xx answer as a refusal).
 */
public enum UpstreamCallOutcome {

	/** A 2xx or 3xx answer. */
	SUCCESS("success", false),

	/** A 4xx answer other than 429: the upstream judged the request (a wrong code, an expired session...). */
	CLIENT_ERROR("client_error", false),

	/** A 429 answer: the upstream is rate limiting this application. */
	RATE_LIMITED("rate_limited", true),

	/** A 5xx answer. */
	SERVER_ERROR("server_error", true),

	/** No answer within the read timeout. */
	TIMEOUT("timeout", true),

	/** The upstream could not be reached, or the connection failed. */
	IO_ERROR("io_error", true),

	/** Any other failure, for example an answer larger than the limit. */
	ERROR("error", true);

	private final String value;

	private final boolean failure;

	UpstreamCallOutcome(String value, boolean failure) {
		this.value = value;
		this.failure = failure;
	}

	/**
	 * Returns the outcome of an answer's HTTP status.
	 * @param status the HTTP status
	 * @return the outcome
	 */
	public static UpstreamCallOutcome of(int status) {
		if (status == 429) {
			return RATE_LIMITED;
		}
		if (status >= 500) {
			return SERVER_ERROR;
		}
		return (status >= 400) ? CLIENT_ERROR : SUCCESS;
	}

	/** Returns the key value, e.g. {@code server_error}. */
	public String value() {
		return this.value;
	}

	/**
	 * Returns whether the outcome counts as a failure of the upstream in its health: a 4xx judged the request and
	 * the upstream worked, so only 429, 5xx, timeouts and transport failures count.
	 * @return whether it is a failure
	 */
	public boolean isFailure() {
		return this.failure;
	}

}
