package dev.tglogin.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyClient;
import dev.tglogin.bondify.BondifyStatus;
import dev.tglogin.core.UpstreamException;
import dev.tglogin.core.UpstreamRateLimitedException;
import dev.tglogin.http.DaemonExecutors;
import dev.tglogin.observation.TelegramLoginMetrics;
import dev.tglogin.store.StoreKeys;

/**
 * Asks Bondify for the status of pending logins on behalf of every request that waits for one, so that waiting costs
 * almost nothing:
 * <ul>
 * <li><b>Coalesced</b>: per pending login at most one upstream call is in flight and at most one starts per
 * {@code minInterval}, whatever the number of tabs or polls; the answer is shared. Within the interval a poll gets
 * the last answer.</li>
 * <li><b>Asynchronous</b>: calls go through {@link BondifyClient#statusAsync}; nothing here blocks a thread.</li>
 * <li><b>Bounded</b>: at most {@link #setMaxConcurrentCalls 1000} upstream calls are in flight at once; beyond that a
 * poll gets the last answer, so an overload sheds work instead of piling up connections.</li>
 * <li><b>Long-poll</b>: {@link #await} completes as soon as the status is no longer {@code pending}, a webhook was
 * recorded for the login ({@link #signal}, or found by the {@code outcomeRecorded} check before each upstream call),
 * or the wait ends; meanwhile one upstream call per interval serves all the waiters of the login.</li>
 * <li><b>Nothing lost</b>: a final answer ({@code confirmed} with its proof, {@code cancelled}, ...) is kept for the
 * next request of the login even when no request was waiting for it any more, since Bondify answers {@code used}
 * after it has handed out a proof once.</li>
 * </ul>
 * State is per JVM and per pending login, keyed by a hash of the session token, and dropped a minute after its last
 * use. With several instances each one coalesces its own calls; the session keeps the first confirmed proof.
 * <p>
 * This class is thread-safe.
 */
final class BondifyStatusPoller {

	/** Shortest time between two upstream calls of one long-polled login, whatever {@code minInterval} says. */
	static final Duration MIN_TICK = Duration.ofMillis(250);

	/** Default of {@link #setMaxConcurrentCalls}. */
	static final int DEFAULT_MAX_CONCURRENT_CALLS = 1000;

	/** The Retry-After of a poll refused because the upstream calls are at their limit. */
	private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

	/** How long an unused login's state is kept. */
	private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

	private final BondifyClient client;

	private final ConcurrentHashMap<String, Watch> watches = new ConcurrentHashMap<>();

	/** Runs the long-poll ticks (a tick may read the store before it calls Bondify without waiting for it). */
	private final Executor ticks = DaemonExecutors.bounded("tglogin-status-poll");

	private final AtomicLong nextSweep = new AtomicLong();

	private long minIntervalNanos;

	/** Upstream calls in flight, over all logins. */
	private final AtomicInteger calls = new AtomicInteger();

	private int maxCalls = DEFAULT_MAX_CONCURRENT_CALLS;

	private TelegramLoginMetrics metrics = TelegramLoginMetrics.NOOP;

	private @Nullable Predicate<String> outcomeRecorded;

	private LongSupplier nanoTime = System::nanoTime;

	BondifyStatusPoller(BondifyClient client, Duration minInterval) {
		Assert.notNull(client, "client cannot be null");
		this.client = client;
		setMinInterval(minInterval);
	}

	void setMinInterval(Duration minInterval) {
		Assert.isTrue(minInterval != null && !minInterval.isNegative(), "minInterval cannot be negative");
		this.minIntervalNanos = minInterval.toNanos();
	}

	/**
	 * Sets how many upstream calls may be in flight at once, over all logins. When that many are, a poll gets the
	 * login's last answer whatever its age (or, when there is none yet, a rate-limit failure: 429 with
	 * {@code Retry-After: 1}) and a long-poll tries again at its next tick. Under more load than the upstream can
	 * answer, waiting requests then cost neither memory nor connections without bound, and a login's confirmation is
	 * seen somewhat later instead of not at all.
	 * @param maxCalls at least 1
	 */
	void setMaxConcurrentCalls(int maxCalls) {
		Assert.isTrue(maxCalls > 0, "maxCalls must be positive");
		this.maxCalls = maxCalls;
	}

	/** Sets what counts the calls not sent because of the limit. Defaults to {@link TelegramLoginMetrics#NOOP}. */
	void setMetrics(TelegramLoginMetrics metrics) {
		Assert.notNull(metrics, "metrics cannot be null");
		this.metrics = metrics;
	}

	/** Sets the check, by session token, of a recorded webhook outcome; run before each long-poll upstream call. */
	void setOutcomeRecorded(Predicate<String> outcomeRecorded) {
		this.outcomeRecorded = outcomeRecorded;
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
	 * Returns the login's status: a final answer kept from earlier, the call in flight, the last answer when the
	 * last call started less than {@code minInterval} ago, or a new upstream call.
	 * @param sessionToken the Bondify session token
	 * @return the future status; it fails with an {@link UpstreamException}
	 */
	CompletableFuture<BondifyStatus> poll(String sessionToken) {
		Watch watch = watch(sessionToken);
		synchronized (watch) {
			if (watch.finalStatus != null) {
				return CompletableFuture.completedFuture(watch.finalStatus);
			}
			if (watch.inFlight != null) {
				return watch.inFlight.copy();
			}
			if (watch.last != null && now() - watch.calledAt < this.minIntervalNanos) {
				return watch.last.copy();
			}
			CompletableFuture<BondifyStatus> call = call(watch);
			if (call != null) {
				return call.copy();
			}
			return (watch.last != null) ? watch.last.copy()
					: CompletableFuture.failedFuture(new UpstreamRateLimitedException("bondify", BUSY_RETRY));
		}
	}

	/**
	 * Waits for the login's status to be other than {@code pending}, or for a webhook, at most {@code wait}.
	 * @param sessionToken the Bondify session token
	 * @param wait the longest wait
	 * @return the future status: {@code pending} when the wait ended or a webhook outcome should be read; fails with
	 * an {@link UpstreamException} when the upstream call made for it failed
	 */
	CompletableFuture<BondifyStatus> await(String sessionToken, Duration wait) {
		Watch watch = watch(sessionToken);
		CompletableFuture<BondifyStatus> waiter = new CompletableFuture<>();
		synchronized (watch) {
			if (watch.finalStatus != null) {
				return CompletableFuture.completedFuture(watch.finalStatus);
			}
			watch.waiters.add(waiter);
			if (watch.inFlight == null) {
				if (watch.last != null && now() - watch.calledAt < tickNanos()) {
					scheduleTick(watch, false);
				}
				else if (call(watch) == null) {
					scheduleTick(watch, true);
				}
			}
		}
		waiter.completeOnTimeout(BondifyStatus.PENDING, wait.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((status, failure) -> {
				synchronized (watch) {
					watch.waiters.remove(waiter);
				}
			});
		return waiter;
	}

	/**
	 * Wakes the requests waiting for a login because a webhook outcome was recorded for it on this instance; they
	 * answer {@code pending} and the status endpoint then completes from the recorded outcome.
	 * @param sessionToken the Bondify session token
	 */
	void signal(String sessionToken) {
		Watch watch = this.watches.get(StoreKeys.key("poll", sessionToken));
		if (watch != null) {
			wake(watch, BondifyStatus.PENDING, null);
		}
	}

	private Watch watch(String sessionToken) {
		long now = now();
		sweep(now);
		Watch watch = this.watches.computeIfAbsent(StoreKeys.key("poll", sessionToken), (key) -> new Watch(sessionToken));
		watch.lastUsed = now;
		return watch;
	}

	/**
	 * Starts an upstream call, unless {@link #setMaxConcurrentCalls as many as allowed} are in flight; under the
	 * watch's lock.
	 * @return the call, or {@code null} when none could start
	 */
	private @Nullable CompletableFuture<BondifyStatus> call(Watch watch) {
		if (this.calls.incrementAndGet() > this.maxCalls) {
			this.calls.decrementAndGet();
			this.metrics.statusCallShed();
			return null;
		}
		watch.calledAt = now();
		CompletableFuture<BondifyStatus> call;
		try {
			call = this.client.statusAsync(watch.sessionToken);
		}
		catch (RuntimeException ex) {
			call = CompletableFuture.failedFuture(ex);
		}
		CompletableFuture<BondifyStatus> answer = call.handle((status, failure) -> {
			this.calls.decrementAndGet();
			if (failure != null) {
				throw asUpstream(failure);
			}
			return status;
		});
		watch.inFlight = answer;
		answer.whenComplete((status, failure) -> answered(watch, answer, status, failure));
		return answer;
	}

	private void answered(Watch watch, CompletableFuture<BondifyStatus> call, @Nullable BondifyStatus status,
			@Nullable Throwable failure) {
		synchronized (watch) {
			if (watch.inFlight == call) {
				watch.inFlight = null;
			}
			watch.last = call;
			if (failure == null && status != null && status.state() != BondifyStatus.State.PENDING) {
				watch.finalStatus = status;
			}
			if (failure == null && (status == null || status.state() == BondifyStatus.State.PENDING)) {
				if (!watch.waiters.isEmpty()) {
					scheduleTick(watch, false);
				}
				return;
			}
		}
		wake(watch, status, failure);
	}

	private void wake(Watch watch, @Nullable BondifyStatus status, @Nullable Throwable failure) {
		List<CompletableFuture<BondifyStatus>> waiters;
		synchronized (watch) {
			waiters = new ArrayList<>(watch.waiters);
			watch.waiters.clear();
		}
		for (CompletableFuture<BondifyStatus> waiter : waiters) {
			if (failure != null) {
				waiter.completeExceptionally(asUpstream(failure));
			}
			else {
				waiter.complete(status);
			}
		}
	}

	/**
	 * Schedules the next long-poll call of a login, one tick after its last call, or a whole tick from now when no
	 * call could start (at the limit of calls in flight: thousands of waiting logins must not retry in a loop);
	 * under the watch's lock.
	 */
	private void scheduleTick(Watch watch, boolean busy) {
		if (watch.tickScheduled) {
			return;
		}
		watch.tickScheduled = true;
		long delay = busy ? tickNanos() : Math.max(0, tickNanos() - (now() - watch.calledAt));
		CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS, this.ticks)
			.execute(DaemonExecutors.withCurrentContext(() -> tick(watch)));
	}

	private void tick(Watch watch) {
		synchronized (watch) {
			watch.tickScheduled = false;
			if (watch.waiters.isEmpty() || watch.inFlight != null || watch.finalStatus != null) {
				return;
			}
		}
		Predicate<String> recorded = this.outcomeRecorded;
		if (recorded != null && recorded.test(watch.sessionToken)) {
			wake(watch, BondifyStatus.PENDING, null);
			return;
		}
		synchronized (watch) {
			if (!watch.waiters.isEmpty() && watch.inFlight == null && watch.finalStatus == null
					&& call(watch) == null) {
				scheduleTick(watch, true);
			}
		}
	}

	private long tickNanos() {
		return Math.max(this.minIntervalNanos, MIN_TICK.toNanos());
	}

	/** Drops, at most every 30 seconds, the state of logins nobody asked about for a minute. */
	private void sweep(long now) {
		long due = this.nextSweep.get();
		if (now - due < 0 || !this.nextSweep.compareAndSet(due, now + TimeUnit.SECONDS.toNanos(30))) {
			return;
		}
		this.watches.entrySet().removeIf((entry) -> {
			Watch watch = entry.getValue();
			synchronized (watch) {
				return now - watch.lastUsed > IDLE_NANOS && watch.inFlight == null && watch.waiters.isEmpty();
			}
		});
	}

	private long now() {
		return this.nanoTime.getAsLong();
	}

	/** The upstream failure behind a failed status future (unwrapped), or one that names what else failed. */
	static UpstreamException asUpstream(Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof UpstreamException upstream) {
			return upstream;
		}
		return new UpstreamException("bondify", "status call failed (" + cause.getClass().getSimpleName() + ")", cause);
	}

	/** One login's state. Guarded by its own monitor, except the immutable token. */
	private static final class Watch {

		private final String sessionToken;

		private final List<CompletableFuture<BondifyStatus>> waiters = new ArrayList<>(1);

		private @Nullable CompletableFuture<BondifyStatus> inFlight;

		/** The last finished call, completed normally or exceptionally. */
		private @Nullable CompletableFuture<BondifyStatus> last;

		private @Nullable BondifyStatus finalStatus;

		private long calledAt;

		private volatile long lastUsed;

		private boolean tickScheduled;

		private Watch(String sessionToken) {
			this.sessionToken = sessionToken;
		}

	}

}
