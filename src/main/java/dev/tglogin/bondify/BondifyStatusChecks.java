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
 * At the limit of calls in flight, a login due for a check waits in a {@link BondifyCheckQueue}, and each call that
 * ends has the oldest waiting login's started; meanwhile a poll or a background check of another login does not take
 * the place ahead of them.
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

	/** The logins waiting for a place among the calls in flight. */
	private final BondifyCheckQueue queue;

	BondifyStatusChecks(BondifyStatusCalls calls, BondifyCheckPolicy policy) {
		Assert.notNull(calls, "calls cannot be null");
		Assert.notNull(policy, "policy cannot be null");
		this.calls = calls;
		this.policy = policy;
		this.queue = new BondifyCheckQueue(calls, this.timer, this::startQueued);
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
		@Nullable BondifyLoginState answer;
		synchronized (watch) {
			if (watch.inFlight != null) {
				return watch.inFlight.copy();
			}
			if (watch.last != null && now() - watch.calledAt < this.policy.checkNanos()) {
				return CompletableFuture.completedFuture(watch.last);
			}
			CompletableFuture<BondifyLoginState> call = call(watch, false);
			if (call != null) {
				return call.copy();
			}
			enqueue(watch);
			answer = watch.last;
		}
		this.queue.serve();
		if (answer != null) {
			return CompletableFuture.completedFuture(answer);
		}
		synchronized (watch) {
			// no state to answer with: the call that serving the queue may just have started for this login, or even
			// ended (a fast upstream), beats a 429
			if (watch.inFlight != null) {
				return watch.inFlight.copy();
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
		boolean queued = false;
		synchronized (watch) {
			if (watch.decisive != null) {
				return CompletableFuture.completedFuture(watch.decisive);
			}
			watch.addWaiter(waiter);
			if (watch.inFlight == null) {
				if (watch.last != null && now() - watch.calledAt < this.policy.backgroundCheckNanos()) {
					scheduleTick(watch, false);
				}
				else if (call(watch, false) == null) {
					enqueue(watch);
					queued = true;
				}
			}
		}
		if (queued) {
			this.queue.serve();
		}
		this.timer.scheduleBrief(() -> waiter.complete(BondifyLoginState.PENDING), wait.toNanos());
		waiter.whenComplete((state, failure) -> {
			synchronized (watch) {
				watch.removeWaiter(waiter);
			}
			// a held long-poll polls the login until it ends: the browser's next one follows, the login is still
			// polled (else a check that ends, a tick or its turn in the queue between the two would drop it)
			watch.lastUsed = now();
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
	 * Starts an upstream call, unless other logins wait in the queue before it (when it is not the queue's turn),
	 * {@link BondifyStatusPoller#setMaxConcurrentCalls as many as allowed} are in flight, or another instance holds
	 * the login's lease (then the last state, read from the store from now on); under the watch's lock.
	 * <p>
	 * A lease taken for a call that then found no place (another thread took the last one meanwhile) is kept for the
	 * login's next try within the interval it was taken for: a lease cannot be given back, and asking for it again
	 * kept this instance from checking the login for a whole interval (10,000-logins runs: a few logins per window
	 * went two intervals without a check). The place is not taken before the lease, so that a login whose lease
	 * another instance holds never keeps a place from the others while the store answers.
	 * @param queued whether the login is the queue's oldest, taken out to be checked
	 * @return the call, or {@code null} when none could start
	 */
	private @Nullable CompletableFuture<BondifyLoginState> call(Watch watch, boolean queued) {
		if ((!queued && !this.queue.isEmpty()) || !this.calls.hasRoom()) {
			this.calls.shed();
			return null;
		}
		long now = now();
		boolean leased = watch.leased && now - watch.leasedAt < this.policy.checkNanos();
		if (!leased && !this.policy.tryCheck(watch.sessionToken)) {
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
			if (!leased) {
				watch.leased = true;
				watch.leasedAt = now;
			}
			return null;
		}
		watch.leased = false;
		watch.calledAt = now();
		watch.inFlight = answer;
		answer.thenAccept((state) -> answered(watch, answer, state));
		return answer;
	}

	private void answered(Watch watch, CompletableFuture<BondifyLoginState> call, BondifyLoginState state) {
		if (!this.queue.isEmpty() && !Thread.holdsLock(watch)) {
			this.queue.serveLater(); // the call's place is free (it was given back before this runs)
		}
		synchronized (watch) {
			if (watch.inFlight == call) {
				watch.inFlight = null;
			}
			watch.last = state;
			if (state.isDecisive() && watch.decisive == null) {
				watch.decisive = state;
			}
			if (!state.isDecisive() && (watch.hasWaiters() || isPolledRecently(watch))) {
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
	 * Schedules the next check of a login, one check interval after its last call, or a whole tick from now while it
	 * waits in the queue (then the tick only reads the store); meanwhile, a long-polled login whose state may be
	 * recorded in the store is read there once per tick. Under the watch's lock.
	 */
	private void scheduleTick(Watch watch, boolean busy) {
		long now = now();
		long untilCheck = Math.max(0, this.policy.backgroundCheckNanos() - (now - watch.calledAt));
		long delay = busy ? this.policy.tickNanos()
				: (watch.hasWaiters() && this.policy.storeOf(watch.elsewhere) != null)
						? Math.min(untilCheck, this.policy.tickNanos()) : untilCheck;
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
			if (!watch.hasWaiters() && !isPolledRecently(watch) || watch.inFlight != null
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
			if ((!watch.hasWaiters() && !isPolledRecently(watch)) || watch.inFlight != null
					|| watch.decisive != null) {
				return;
			}
			if (watch.queued) {
				scheduleStoreRead(watch);
				return;
			}
			if (now() - watch.calledAt < this.policy.checkNanos()) {
				scheduleTick(watch, false);
				return;
			}
			if (call(watch, false) != null) {
				return;
			}
			enqueue(watch);
		}
		this.queue.serve();
	}

	/** Puts a login due for a check in the queue (the caller then serves it); under the watch's lock. */
	private void enqueue(Watch watch) {
		this.queue.add(watch);
		scheduleStoreRead(watch);
	}

	/** While a long-polled login waits in the queue, reads its recorded state in the store once per tick. */
	private void scheduleStoreRead(Watch watch) {
		if (watch.hasWaiters() && this.policy.storeOf(watch.elsewhere) != null) {
			scheduleTick(watch, true);
		}
	}

	/**
	 * Starts a login's check taken from the queue, if it still needs one; under the watch's lock.
	 * @return {@code false} when no place was free after all
	 */
	private boolean startQueued(Watch watch) {
		if (watch.decisive != null || watch.inFlight != null
				|| (!watch.hasWaiters() && !this.policy.isStillPolled(watch.lastUsed, now()))) {
			return true;
		}
		return call(watch, true) != null;
	}

	private long now() {
		return this.nanoTime.getAsLong();
	}

}
