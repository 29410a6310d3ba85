package dev.tglogin.bondify;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyLoginWatches.Watch;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.http.DaemonExecutors;
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

	/** The Retry-After of a poll refused because the upstream calls are at their limit. */
	private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

	private final BondifyLoginWatches watches = new BondifyLoginWatches();

	private final BondifyStatusCalls calls;

	/** Runs the long-poll ticks (a tick may read the store before it calls Bondify without waiting for it). */
	private Executor ticks = DaemonExecutors.bounded("tglogin-status-poll");

	private final BondifyCheckPolicy policy = new BondifyCheckPolicy();

	private LongSupplier nanoTime = System::nanoTime;

	/**
	 * Creates the poller.
	 * @param client the Bondify client
	 * @param minInterval the least time between two upstream calls of one login
	 */
	public BondifyStatusPoller(BondifyClient client, Duration minInterval) {
		this.calls = new BondifyStatusCalls(client);
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
	 * with {@code Retry-After: 1}) and a long-poll tries again at its next tick. Defaults to
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
		Assert.notNull(executor, "executor cannot be null");
		this.ticks = executor;
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
		this.nanoTime = nanoTime;
	}

	/** The number of logins with state here (for tests and metrics). */
	int size() {
		return this.watches.size();
	}

	/**
	 * Returns the login's state: a decisive state kept from earlier, a recorded webhook event, the call in flight,
	 * the last answer when the last call started less than {@code minInterval} ago, or a new upstream call.
	 * @param sessionToken the Bondify session token
	 * @return the future state; it does not fail
	 */
	public CompletableFuture<BondifyLoginState> poll(String sessionToken) {
		Watch watch = watch(sessionToken);
		BondifyLoginState known = known(watch);
		if (known != null) {
			return CompletableFuture.completedFuture(known);
		}
		synchronized (watch) {
			if (watch.inFlight != null) {
				return watch.inFlight.copy();
			}
			if (watch.last != null && now() - watch.calledAt < this.policy.checkNanos()) {
				return CompletableFuture.completedFuture(watch.last);
			}
			CompletableFuture<BondifyLoginState> call = call(watch);
			if (call != null) {
				return call.copy();
			}
			return CompletableFuture.completedFuture((watch.last != null) ? watch.last
					: new BondifyLoginState.Failed(new UpstreamRateLimitedException("bondify", BUSY_RETRY)));
		}
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
		Watch watch = watch(sessionToken);
		BondifyLoginState known = known(watch);
		if (known != null) {
			return known;
		}
		synchronized (watch) {
			long interval = this.policy.checkNanos();
			if (watch.last == null || interval == 0) {
				return null;
			}
			if (watch.inFlight == null) {
				if (now() - watch.calledAt >= interval) {
					return null;
				}
				scheduleTick(watch, false);
			}
			return watch.last;
		}
	}

	/**
	 * Waits for the login's state to be other than pending, at most {@code wait}.
	 * @param sessionToken the Bondify session token
	 * @param wait the longest wait
	 * @return the future state: {@code Pending} when the wait ended; it does not fail
	 */
	public CompletableFuture<BondifyLoginState> await(String sessionToken, Duration wait) {
		Watch watch = watch(sessionToken);
		BondifyLoginState known = known(watch);
		if (known != null) {
			return CompletableFuture.completedFuture(known);
		}
		CompletableFuture<BondifyLoginState> waiter = new CompletableFuture<>();
		synchronized (watch) {
			if (watch.decisive != null) {
				return CompletableFuture.completedFuture(watch.decisive);
			}
			watch.waiters.add(waiter);
			if (watch.inFlight == null) {
				if (watch.last != null && now() - watch.calledAt < Math.max(this.policy.checkNanos(), BondifyCheckPolicy.MIN_TICK_NANOS)) {
					scheduleTick(watch, false);
				}
				else if (call(watch) == null) {
					scheduleTick(watch, true);
				}
			}
		}
		waiter.completeOnTimeout(BondifyLoginState.PENDING, wait.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((state, failure) -> {
				synchronized (watch) {
					watch.waiters.remove(waiter);
				}
			});
		return waiter;
	}

	/**
	 * Takes a webhook event recorded on this instance: the login's state becomes the event's, and its waiters
	 * answer at once.
	 * @param event the event
	 */
	public void signal(BondifyWebhookEvent event) {
		Watch watch = this.watches.find(event.sessionToken());
		if (watch != null) {
			BondifyLoginState state = BondifyLoginState.of(event);
			synchronized (watch) {
				if (watch.decisive == null) {
					watch.decisive = state;
				}
			}
			watch.wake(state);
		}
	}

	/** The decisive state kept here, else the recorded webhook event, else {@code null}; records the latter. */
	private @Nullable BondifyLoginState known(Watch watch) {
		BondifyWebhookOutcomes source;
		synchronized (watch) {
			if (watch.decisive != null) {
				return watch.decisive;
			}
			source = this.policy.storeOf(watch.elsewhere);
		}
		BondifyLoginState found = (source != null) ? source.findState(watch.sessionToken) : null;
		if (found == null) {
			return null;
		}
		synchronized (watch) {
			if (watch.decisive == null) {
				watch.decisive = found;
			}
			return watch.decisive;
		}
	}

	/** The login's watch, marked used; with webhooks on, pending from its first poll (as checked now). */
	private Watch watch(String sessionToken) {
		long now = now();
		Watch watch = this.watches.get(sessionToken, now);
		if (this.policy.isWebhookFirst()) {
			synchronized (watch) {
				if (watch.last == null && watch.inFlight == null) {
					watch.last = BondifyLoginState.PENDING;
					watch.calledAt = now;
				}
			}
		}
		return watch;
	}


	/**
	 * Starts an upstream call, unless another instance holds the login's lease (then the last state, read from the
	 * store from now on) or {@link #setMaxConcurrentCalls as many as allowed} are in flight; under the watch's lock.
	 * @return the call, or {@code null} when none could start
	 */
	private @Nullable CompletableFuture<BondifyLoginState> call(Watch watch) {
		if (!this.policy.tryCheck(watch.sessionToken)) {
			watch.calledAt = now();
			watch.elsewhere = true;
			if (watch.last == null) {
				watch.last = BondifyLoginState.PENDING;
			}
			scheduleTick(watch, false);
			return CompletableFuture.completedFuture(watch.last);
		}
		watch.elsewhere = false;
		CompletableFuture<BondifyLoginState> answer = this.calls.start(watch.sessionToken);
		if (answer == null) {
			return null;
		}
		watch.calledAt = now();
		watch.inFlight = answer;
		answer.thenAccept((state) -> answered(watch, answer, state));
		return answer;
	}

	private void answered(Watch watch, CompletableFuture<BondifyLoginState> call, BondifyLoginState state) {
		synchronized (watch) {
			if (watch.inFlight == call) {
				watch.inFlight = null;
			}
			watch.last = state;
			if (state.isDecisive() && watch.decisive == null) {
				watch.decisive = state;
			}
			if (!state.isDecisive() && (!watch.waiters.isEmpty() || isPolledRecently(watch))) {
				scheduleTick(watch, false);
			}
			if (state instanceof BondifyLoginState.Pending) {
				return;
			}
		}
		this.policy.decided(watch.sessionToken, state);
		watch.wake(state);
	}

	/** Whether a login is checked in the background: polled within the last two intervals (at least 5 s). */
	private boolean isPolledRecently(Watch watch) {
		return this.policy.isPolledRecently(watch.lastUsed, now());
	}

	/**
	 * Schedules the next check of a login, one check interval after its last call, or a whole tick from now when no
	 * call could start (at the limit of calls in flight: thousands of waiting logins must not retry in a loop);
	 * meanwhile, a long-polled login whose state may be recorded in the store is read there once per tick. Under the
	 * watch's lock.
	 */
	private void scheduleTick(Watch watch, boolean busy) {
		long now = now();
		long untilCheck = Math.max(0,
				Math.max(this.policy.checkNanos(), BondifyCheckPolicy.MIN_TICK_NANOS) - (now - watch.calledAt));
		long delay = busy ? this.policy.tickNanos()
				: (!watch.waiters.isEmpty() && this.policy.storeOf(watch.elsewhere) != null) ? Math.min(untilCheck, this.policy.tickNanos())
						: untilCheck;
		long due = now + delay;
		if (watch.tickScheduled && watch.tickDue - due <= 0) {
			return;
		}
		watch.tickScheduled = true;
		watch.tickDue = due;
		CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS, this.ticks)
			.execute(DaemonExecutors.withCurrentContext(() -> tick(watch, due)));
	}

	private void tick(Watch watch, long due) {
		synchronized (watch) {
			if (!watch.tickScheduled || watch.tickDue != due) {
				return; // an earlier tick took its place
			}
			watch.tickScheduled = false;
			if (watch.waiters.isEmpty() && !isPolledRecently(watch) || watch.inFlight != null
					|| watch.decisive != null) {
				return;
			}
		}
		BondifyLoginState known = known(watch);
		if (known != null) {
			watch.wake(known);
			return;
		}
		synchronized (watch) {
			if ((watch.waiters.isEmpty() && !isPolledRecently(watch)) || watch.inFlight != null
					|| watch.decisive != null) {
				return;
			}
			if (now() - watch.calledAt < this.policy.checkNanos()) {
				scheduleTick(watch, false);
			}
			else if (call(watch) == null) {
				scheduleTick(watch, true);
			}
		}
	}

	private long now() {
		return this.nanoTime.getAsLong();
	}

}
