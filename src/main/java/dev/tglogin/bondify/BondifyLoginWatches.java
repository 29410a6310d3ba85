package dev.tglogin.bondify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * What {@link BondifyStatusPoller} keeps per pending login polled on this instance, keyed by the session token (each
 * watch holds it anyway to call Bondify, and it never leaves memory; no hash per poll), and dropped a minute after its
 * last use (a kept confirmation, only once the Bondify session's lifetime has
 * passed: a throttled background tab may poll rarely).
 * <p>
 * This class is thread-safe; a {@link Watch} is guarded by its own monitor.
 */
final class BondifyLoginWatches {

	/** How long an unused login's state is kept. */
	private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

	private final ConcurrentHashMap<String, Watch> watches = new ConcurrentHashMap<>();

	private final AtomicLong nextSweep = new AtomicLong();

	/** Returns the login's watch, made when there is none, marked used now. */
	Watch get(String sessionToken, long now) {
		sweep(now);
		Watch watch = this.watches.get(sessionToken);
		if (watch == null) {
			watch = this.watches.computeIfAbsent(sessionToken, Watch::new);
		}
		watch.lastUsed = now;
		return watch;
	}

	/** Returns the login's watch, or {@code null} when it has none here. */
	@Nullable Watch find(String sessionToken) {
		return this.watches.get(sessionToken);
	}

	int size() {
		return this.watches.size();
	}

	/** Drops, at most every 30 seconds, the watches nobody asked about for a while and nothing waits on. */
	private void sweep(long now) {
		long due = this.nextSweep.get();
		if (now - due < 0 || !this.nextSweep.compareAndSet(due, now + TimeUnit.SECONDS.toNanos(30))) {
			return;
		}
		this.watches.entrySet().removeIf((entry) -> {
			Watch watch = entry.getValue();
			synchronized (watch) {
				long idle = (watch.decisive instanceof BondifyLoginState.Confirmed)
						? BondifyProtocol.SESSION_LIFETIME.toNanos() : IDLE_NANOS;
				return now - watch.lastUsed > idle && watch.inFlight == null && !watch.hasWaiters();
			}
		});
	}

	/** One login's state. Guarded by its own monitor, except the immutable token and the volatile last use. */
	static final class Watch {

		final String sessionToken;

		/** The long-polls waiting for the login's state; {@code null} when none waits (most logins, most times). */
		private @Nullable List<CompletableFuture<BondifyLoginState>> waiters;

		@Nullable CompletableFuture<BondifyLoginState> inFlight;

		/** The state of the last finished call. */
		@Nullable BondifyLoginState last;

		/** The first decisive state, kept. */
		@Nullable BondifyLoginState decisive;

		/** When the last upstream check started here, or was found taken by another instance. */
		long calledAt;

		/** When a browser last polled the login: a poll's arrival, or the end of a long-poll's wait. */
		volatile long lastUsed;

		boolean tickScheduled;

		/** When the scheduled tick is due; an earlier tick may replace it, and the later one then does nothing. */
		long tickDue;

		/**
		 * Whether the login waits in the {@link BondifyCheckQueue} for a place among the calls in flight: written by
		 * the queue only, under the watch's lock, in the same hold that puts the login in or takes it out.
		 */
		boolean queued;

		/** Whether another instance held the lease of the last check: its answers are read from the store. */
		boolean elsewhere;

		/**
		 * Whether this instance took the login's lease for a call that then found no place: the next try uses it,
		 * within the check interval from {@link #leasedAt}.
		 */
		boolean leased;

		/** When the lease kept for the next try was taken. */
		long leasedAt;

		private Watch(String sessionToken) {
			this.sessionToken = sessionToken;
		}

		/** Whether a long-poll waits for the login's state. Under the watch's lock. */
		boolean hasWaiters() {
			return this.waiters != null;
		}

		/** Adds a long-poll waiting for the login's state. Under the watch's lock. */
		void addWaiter(CompletableFuture<BondifyLoginState> waiter) {
			if (this.waiters == null) {
				this.waiters = new ArrayList<>(1);
			}
			this.waiters.add(waiter);
		}

		/** Removes a long-poll that ended. Under the watch's lock. */
		void removeWaiter(CompletableFuture<BondifyLoginState> waiter) {
			if (this.waiters != null && this.waiters.remove(waiter) && this.waiters.isEmpty()) {
				this.waiters = null;
			}
		}

		/** Completes every waiter with the state. */
		void wake(BondifyLoginState state) {
			List<CompletableFuture<BondifyLoginState>> woken;
			synchronized (this) {
				woken = this.waiters;
				this.waiters = null;
			}
			if (woken != null) {
				woken.forEach((waiter) -> waiter.complete(state));
			}
		}

	}

}
