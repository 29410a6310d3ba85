package dev.tglogin.bondify;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.observation.TelegramLoginMetrics;

/**
 * Keeps the last known {@link BondifyLoginState} of each pending login polled on this instance and asks Bondify for
 * it on behalf of every request, so that waiting costs almost nothing:
 * <ul>
 * <li><b>Coalesced</b>: per login at most one upstream call is in flight and at most one starts per
 * check interval ({@code minInterval}), whatever the number of tabs or polls; the answer is shared. Within the
 * interval a poll gets the last answer.</li>
 * <li><b>Webhook-first</b>: with {@link #setWebhookOutcomes webhooks} on, a login is taken as pending from its first
 * poll and Bondify is asked only by a slow fallback check, once per {@link #setWebhookFallbackCheckInterval fallback
 * interval} (15 seconds by default); webhook events answer at once. While the store cannot be read, webhooks cannot
 * be seen and the interval is {@code minInterval} again.</li>
 * <li><b>One instance checks</b>: with {@link #setConfirmations the shared store}, each check first takes the login's
 * lease for the interval ({@link BondifyWebhookOutcomes#tryCheck}); an instance that does not get it makes no call
 * and reads the login's state from the store instead, where the instance that got a decisive answer
 * ({@code confirmed} with its proof, {@code cancelled}, {@code expired}) {@link BondifyWebhookOutcomes#share shares}
 * it.</li>
 * <li><b>Asynchronous</b>: calls go through {@link BondifyClient#statusAsync}; nothing here blocks a thread.</li>
 * <li><b>Bounded</b>: at most {@link #setMaxConcurrentCalls 1000} upstream calls are in flight at once; beyond that a
 * poll gets the last answer, so an overload sheds work instead of piling up connections.</li>
 * <li><b>Long-poll</b>: {@link #await} completes as soon as the state is decisive or failed, a webhook was recorded
 * for the login (told by {@link BondifyWebhookOutcomes}, or found there before each upstream call), or the wait
 * ends; meanwhile one upstream call per interval serves all the waiters of the login.</li>
 * <li><b>Nothing lost</b>: a decisive state ({@code Confirmed} with its proof, {@code Cancelled}, ...) is kept for
 * the next request of the login even when no request was waiting for it any more, since Bondify answers
 * {@code used} after it has handed out a proof once.</li>
 * </ul>
 * Futures returned here never fail: a failed upstream call is the state {@link BondifyLoginState.Failed}. State is
 * per JVM and per pending login, keyed by a hash of the session token, and dropped a minute after its last use (a
 * kept confirmation, only once the Bondify session's lifetime has passed).
 * <p>
 * This class is thread-safe.
 */
public final class BondifyStatusPoller {

	/** Default of {@link #setWebhookFallbackCheckInterval}. */
	public static final Duration DEFAULT_WEBHOOK_FALLBACK_CHECK_INTERVAL = Duration.ofSeconds(15);

	/** Default of {@link #setMaxConcurrentCalls}. */
	public static final int DEFAULT_MAX_CONCURRENT_CALLS = 1000;

	private final BondifyCheckPolicy policy = new BondifyCheckPolicy();

	private final BondifyStatusCalls calls;

	private final BondifyStatusChecks checks;

	/**
	 * Creates the poller.
	 * @param client the Bondify client
	 * @param minInterval the least time between two upstream calls of one login
	 */
	public BondifyStatusPoller(BondifyClient client, Duration minInterval) {
		this.calls = new BondifyStatusCalls(client);
		this.checks = new BondifyStatusChecks(this.calls, this.policy);
		setMinInterval(minInterval);
	}

	/**
	 * Sets the least time between two upstream calls of one login; zero lets every poll that finds no call in
	 * flight make one.
	 * @param minInterval the interval
	 */
	public void setMinInterval(Duration minInterval) {
		this.policy.setMinInterval(minInterval);
	}

	/**
	 * Sets the least time between two upstream calls of one login while webhooks are on (the fallback check in case
	 * a webhook is lost); {@code minInterval} when it is longer. Defaults to 15 seconds.
	 * @param interval the interval, positive
	 */
	public void setWebhookFallbackCheckInterval(Duration interval) {
		this.policy.setFallbackInterval(interval);
	}

	/**
	 * Sets how many upstream calls may be in flight at once, over all logins. When that many are, a poll gets the
	 * login's last state whatever its age (or, when there is none yet, {@code Failed} with a rate-limit failure: 429
	 * with {@code Retry-After: 1}), and the login waits for its check in a first-in first-out queue: each call that
	 * ends starts the oldest waiting login's, and no other poll or background check takes a place ahead of the queue.
	 * Defaults to
	 * {@value #DEFAULT_MAX_CONCURRENT_CALLS}.
	 * @param maxCalls at least 1
	 */
	public void setMaxConcurrentCalls(int maxCalls) {
		this.calls.setMaxCalls(maxCalls);
	}

	/**
	 * Sets what counts the status calls not sent because {@link #setMaxConcurrentCalls as many as allowed} were in
	 * flight. Defaults to {@link TelegramLoginMetrics#NOOP}.
	 * @param metrics the metrics
	 */
	public void setMetrics(TelegramLoginMetrics metrics) {
		this.calls.setMetrics(metrics);
	}

	/**
	 * Sets the executor the long-poll ticks run on (they may read the store). Defaults to a small pool of daemon
	 * threads of this poller's own.
	 * @param executor the executor
	 */
	public void setExecutor(Executor executor) {
		this.checks.setExecutor(executor);
	}

	/**
	 * Turns on webhooks: a poll first looks for a recorded event, an event recorded on this instance wakes the
	 * login's waiters at once, and Bondify is asked only once per {@link #setWebhookFallbackCheckInterval fallback
	 * interval}.
	 * @param outcomes the webhook outcomes
	 */
	public void setWebhookOutcomes(BondifyWebhookOutcomes outcomes) {
		Assert.notNull(outcomes, "outcomes cannot be null");
		this.policy.setWebhooks(outcomes);
		outcomes.addListener(this::signal);
	}

	/**
	 * Sets the store shared by the instances: a check is made only by the instance that takes the login's lease,
	 * a decisive answer is shared there, and a {@code confirmed} answer is marked at once
	 * ({@link BondifyWebhookOutcomes#markConfirmed}), so that another instance that gets Bondify's later
	 * {@code used} keeps the login pending. Defaults to none (one instance, no lease).
	 * @param confirmations the outcomes of the shared store
	 */
	public void setConfirmations(BondifyWebhookOutcomes confirmations) {
		Assert.notNull(confirmations, "confirmations cannot be null");
		this.policy.setShared(confirmations);
	}

	/** For tests: the time source. */
	void setNanoTime(LongSupplier nanoTime) {
		this.checks.setNanoTime(nanoTime);
	}

	/** The number of logins with state here (for tests and metrics). */
	int size() {
		return this.checks.size();
	}

	/**
	 * Returns the login's state: a decisive state kept from earlier, a recorded webhook event, the call in flight,
	 * the last answer when the last call started less than {@code minInterval} ago, or a new upstream call.
	 * @param sessionToken the Bondify session token
	 * @return the future state; it does not fail
	 */
	public CompletableFuture<BondifyLoginState> poll(String sessionToken) {
		return this.checks.poll(sessionToken);
	}

	/**
	 * Returns the state a poll can be answered with now, without an upstream call: a decisive state kept here, a
	 * recorded webhook event (one store read, when webhooks are on), or the last answer while it is fresh (its call
	 * started less than a check interval ago) or while the next call is in flight. The login then counts as
	 * polled recently and is checked in the background, once per check interval, for as long as it is polled.
	 * With webhooks on, a login with no answer yet is pending. With a zero {@code minInterval} and webhooks off only
	 * decisive states and webhook events are answered at once.
	 * @param sessionToken the Bondify session token
	 * @return the state, or {@code null} when a poll must wait for an upstream call ({@link #poll})
	 */
	public @Nullable BondifyLoginState current(String sessionToken) {
		return this.checks.current(sessionToken);
	}

	/**
	 * Waits for the login's state to be other than pending, at most {@code wait}.
	 * @param sessionToken the Bondify session token
	 * @param wait the longest wait
	 * @return the future state: {@code Pending} when the wait ended; it does not fail
	 */
	public CompletableFuture<BondifyLoginState> await(String sessionToken, Duration wait) {
		return this.checks.await(sessionToken, wait);
	}

	/**
	 * Takes a webhook event recorded on this instance: the login's state becomes the event's, and its waiters
	 * answer at once.
	 * @param event the event
	 */
	public void signal(BondifyWebhookEvent event) {
		this.checks.signal(event);
	}

}
