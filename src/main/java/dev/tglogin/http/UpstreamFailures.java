package dev.tglogin.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamTimeoutException;
import dev.tglogin.core.UpstreamUnavailableException;

/**
 * Turns a call's failure, in the JDK's terms of {@link UpstreamTransport}, into the {@link UpstreamException} that
 * {@link UpstreamHttpClient} throws: {@link UpstreamUnavailableException} when no connection could be made or it
 * failed, {@link UpstreamTimeoutException} when the answer did not come within the read timeout, a plain
 * {@link UpstreamException} for a body over the limit or any other failure. Messages name the upstream and the
 * failure's class, never the request. Thread-safe.
 */
final class UpstreamFailures {

	private final String upstream;

	private final Duration readTimeout;

	/**
	 * @param upstream the upstream's name for messages
	 * @param readTimeout the deadline of the whole answer, for the timeout's message
	 */
	UpstreamFailures(String upstream, Duration readTimeout) {
		this.upstream = upstream;
		this.readTimeout = readTimeout;
	}

	/**
	 * Translates the failure, first unwrapping {@link CompletionException}s and {@link ExecutionException}s.
	 * @param failure the failure
	 * @return the failure itself when it is an {@link UpstreamException}, else a new one with it as cause
	 */
	UpstreamException translate(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof UpstreamException upstreamException) {
			return upstreamException;
		}
		if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
			return new UpstreamUnavailableException(this.upstream,
					"cannot connect (" + cause.getClass().getSimpleName() + ")", cause);
		}
		if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
			return new UpstreamTimeoutException(this.upstream,
					"no answer within " + this.readTimeout.toMillis() + " ms", cause);
		}
		if (cause instanceof BoundedBodySubscriber.BodyTooLargeException) {
			return new UpstreamException(this.upstream, cause.getMessage(), cause);
		}
		if (cause instanceof IOException) {
			return new UpstreamUnavailableException(this.upstream,
					"connection failed (" + cause.getClass().getSimpleName() + ")", cause);
		}
		return new UpstreamException(this.upstream, "call failed (" + cause.getClass().getSimpleName() + ")", cause);
	}

}
