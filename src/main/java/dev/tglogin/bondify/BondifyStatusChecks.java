package dev.tglogin.bondify;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyLoginWatches.Watch;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.http.DaemonExecutors;

/**
 * The check engine behind {@link BondifyStatusPoller}: per login, the last known state, the upstream call in flight,
 * the long-poll waiters and the next background check (a tick), decided by a {@link BondifyCheckPolicy} and started
 * through {@link BondifyStatusCalls}. The poller is its public face and holds its settings.
 * <p>
 * This class is thread-safe.
 */
final class BondifyStatusChecks {

	/** The Retry-After of a poll refused because the upstream calls are at their limit. */
	private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

	/** How late a background check may run before a poll makes the check itself: two slots of the timer. */
	static final long TICK_LATENESS_NANOS = 2 * CoalescingTimer.SLOT_NANOS;

	private final BondifyLoginWatches watches = new BondifyLoginWatches();

	private final BondifyStatusCalls calls;

	private final BondifyCheckPolicy policy;

	/** Runs the long-poll ticks (a tick may read the store before it calls Bondify without waiting for it). */
	private volatile Executor ticks = DaemonExecutors.bounded("tglogin-status-poll");

	/** Hands the ticks of a slot over to {@link #ticks} together, and ends the long-polls' waits. */
	private final CoalescingTimer timer = new CoalescingTimer(() -> this.ticks);

	private volatile LongSupplier nanoTime = System::nanoTime;

	BondifyStatusChecks(BondifyStatusCalls calls, BondifyCheckPolicy policy) {
		Assert.notNull(calls, "calls cannot be null");
		Assert.notNull(policy, "policy cannot be null");
		this.calls = calls;
		this.policy = policy;
	}

	void setExecutor(Executor executor) {
		Assert.notNull(executor, "executor cannot be null");
		this.ticks = executor;
	}

	void setNanoTime(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/** The number of logins with state here. */
	int size() {
		return this.watches.size();
	}

	/** See {@link BondifyStatusPoller#poll}. */
	CompletableFuture<BondifyLoginState> poll(String sessionToken) {
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

	/** See {@link BondifyStatusPoller#current}. */
	@Nullable BondifyLoginState current(String sessionToken) {
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
				long now = now();
				if (now - watch.calledAt >= interval && !isTickComing(watch, now)) {
					return null;
				}
				scheduleTick(watch, false);
			}
			return watch.last;
		}
	}

	/**
	 * Whether the login's background check is due and on its way: the timer runs it up to a slot after its time, and
	 * a poll in that moment answers with the last state rather than call the upstream itself (else a poll that comes
	 * one interval after the call it made would always be first, and every check would be made on a request). A tick
	 * due later (an interval shorter than the least tick, or a retry at the limit of calls) does not count: the poll
	 * calls, as without it.
	 */
	private static boolean isTickComing(Watch watch, long now) {
		long late = now - watch.tickDue;
		return watch.tickScheduled && late >= 0 && late < TICK_LATENESS_NANOS;
	}

	/** See {@link BondifyStatusPoller#await}. */
	CompletableFuture<BondifyLoginState> await(String sessionToken, Duration wait) {
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
		this.timer.scheduleBrief(() -> waiter.complete(BondifyLoginState.PENDING), wait.toNanos());
		waiter.whenComplete((state, failure) -> {
			synchronized (watch) {
				watch.waiters.remove(waiter);
			}
		});
		return waiter;
	}

	/** See {@link BondifyStatusPoller#signal}. */
	void signal(BondifyWebhookEvent event) {
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
	 * store from now on) or {@link BondifyStatusPoller#setMaxConcurrentCalls as many as allowed} are in flight; under
	 * the watch's lock.
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
		this.timer.schedule(DaemonExecutors.withCurrentContext(() -> tick(watch, due)), delay);
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
