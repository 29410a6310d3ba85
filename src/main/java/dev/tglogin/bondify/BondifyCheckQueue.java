package dev.tglogin.bondify;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.springframework.util.Assert;

import dev.tglogin.bondify.BondifyLoginWatches.Watch;

/**
 * The logins due for a check that found no place among the upstream calls in flight ({@link BondifyStatusChecks}):
 * first in, first out, each at most once ({@link Watch#queued}), served while {@link BondifyStatusCalls#hasRoom()
 * places are free}. So under a load at the limit every login is checked in turn, none of them over and over while
 * others lose the race for the free places (which is what retrying at the next tick did at 10,000 logins).
 * <p>
 * Any thread may serve the queue at the same time: a poll or a tick that finds logins waiting serves it at once, a
 * call that ends has it served at the timer's next slot ({@link #serveLater}). This class is thread-safe.
 */
final class BondifyCheckQueue {

	private final ConcurrentLinkedDeque<Watch> waiting = new ConcurrentLinkedDeque<>();

	/** Whether a task to serve the queue waits for the timer's next slot, handed over by a call that ended. */
	private final AtomicBoolean serveScheduled = new AtomicBoolean();

	private final BondifyStatusCalls calls;

	private final CoalescingTimer timer;

	private final Predicate<Watch> start;

	/**
	 * @param calls the calls whose places the logins wait for
	 * @param timer the timer whose next slot serves the queue for a call that ended
	 * @param start starts a waiting login's check if it still needs one, under the login's lock; {@code false} when
	 * no place was free after all (the login then goes back to the head of the queue)
	 */
	BondifyCheckQueue(BondifyStatusCalls calls, CoalescingTimer timer, Predicate<Watch> start) {
		Assert.notNull(calls, "calls cannot be null");
		Assert.notNull(timer, "timer cannot be null");
		Assert.notNull(start, "start cannot be null");
		this.calls = calls;
		this.timer = timer;
		this.start = start;
	}

	/** Whether no login waits: a login that is not the queue's turn may take a free place. */
	boolean isEmpty() {
		return this.waiting.isEmpty();
	}

	/**
	 * Puts a login at the end of the queue, unless it is in it; under the login's lock. The caller then
	 * {@link #serve serves the queue}, once it holds no lock: a place may have come free since the login was refused
	 * one, after the call that gave it back saw no login waiting.
	 */
	void add(Watch watch) {
		if (!watch.queued) {
			watch.queued = true;
			this.waiting.addLast(watch);
		}
	}

	/**
	 * Starts the oldest waiting logins' checks while places are free. Never under a login's lock: it takes the lock of
	 * each login it starts.
	 * <p>
	 * A login leaves the queue only under its lock, in the same hold that starts its check: a poll of the login that
	 * found it queued and then (under its lock) no call in flight knows that no other thread has taken it out to
	 * check it, and may answer that the calls are at their limit. (Taken out first and locked after, a poll in between
	 * found the queue empty and no call yet, and answered 429 although a place was free.)
	 */
	void serve() {
		Watch next;
		while (this.calls.hasRoom() && (next = this.waiting.peekFirst()) != null) {
			synchronized (next) {
				// not queued: another thread took it out (and started it) since the look at the head
				if (!next.queued || !this.waiting.removeFirstOccurrence(next)) {
					continue;
				}
				next.queued = false;
				if (!this.start.test(next)) {
					next.queued = true;
					this.waiting.addFirst(next);
					return;
				}
			}
		}
	}

	/**
	 * Has the queue served for a call that ended (on the HTTP client's thread, which must not wait for the store a
	 * check may read) at the timer's next slot, with the slot's ticks: one task per slot, not one thread woken per
	 * ended call. On a server short of CPU, one thread of a pool serving the queue alone would not keep up, which is
	 * why polls and ticks serve it themselves.
	 */
	void serveLater() {
		if (this.serveScheduled.compareAndSet(false, true)) {
			this.timer.schedule(() -> {
				this.serveScheduled.set(false);
				serve();
			}, 0);
		}
	}

}
