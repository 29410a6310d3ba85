package dev.tglogin.bondify;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.core.UpstreamException;
import dev.tglogin.observation.TelegramLoginMetrics;

/**
 * Bondify status calls for {@link BondifyStatusPoller}: asynchronous, at most {@code maxCalls} in flight at once over
 * all logins, each answered as a {@link BondifyLoginState} (a failure as {@link BondifyLoginState.Failed}).
 * <p>
 * This class is thread-safe.
 */
final class BondifyStatusCalls {

	private final BondifyClient client;

	/** Upstream calls in flight, over all logins. */
	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile int maxCalls = BondifyStatusPoller.DEFAULT_MAX_CONCURRENT_CALLS;

	private volatile TelegramLoginMetrics metrics = TelegramLoginMetrics.NOOP;

	BondifyStatusCalls(BondifyClient client) {
		Assert.notNull(client, "client cannot be null");
		this.client = client;
	}

	void setMaxCalls(int maxCalls) {
		Assert.isTrue(maxCalls > 0, "maxCalls must be positive");
		this.maxCalls = maxCalls;
	}

	void setMetrics(TelegramLoginMetrics metrics) {
		Assert.notNull(metrics, "metrics cannot be null");
		this.metrics = metrics;
	}

	/** Whether fewer calls than allowed are in flight now. */
	boolean hasRoom() {
		return this.inFlight.get() < this.maxCalls;
	}

	/** Counts a call not started because other logins wait for a place before it. */
	void shed() {
		this.metrics.statusCallShed();
	}

	/**
	 * Starts a status call, unless as many as allowed are in flight.
	 * @param sessionToken the Bondify session token
	 * @return the state it answers (it does not fail), or {@code null} when none could start
	 */
	@Nullable CompletableFuture<BondifyLoginState> start(String sessionToken) {
		if (this.inFlight.incrementAndGet() > this.maxCalls) {
			this.inFlight.decrementAndGet();
			shed();
			return null;
		}
		CompletableFuture<BondifyStatus> call;
		try {
			call = this.client.statusAsync(sessionToken);
		}
		catch (RuntimeException ex) {
			call = CompletableFuture.failedFuture(ex);
		}
		return call.handle((status, failure) -> {
			this.inFlight.decrementAndGet();
			return (failure != null || status == null) ? new BondifyLoginState.Failed(asUpstream(failure))
					: BondifyLoginState.of(status);
		});
	}

	/** The upstream failure behind a failed status future (unwrapped), or one that names what else failed. */
	private static UpstreamException asUpstream(@Nullable Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof UpstreamException upstream) {
			return upstream;
		}
		String what = (cause != null) ? cause.getClass().getSimpleName() : "no answer";
		return new UpstreamException("bondify", "status call failed (" + what + ")", cause);
	}

}
