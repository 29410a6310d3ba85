package dev.tglogin.web.bondify;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Caps the status requests held open by long-polling: in total, per browser session and per client address. A
 * request beyond a cap is not refused; it is answered at once with the login's current state, as a plain poll.
 * <p>
 * This class is thread-safe.
 */
final class LongPollHolds {

	private final int maxTotal;

	private final int maxPerSession;

	private final int maxPerAddress;

	private final AtomicInteger total = new AtomicInteger();

	/** Held requests per browser session id; keyed by the strings themselves (no key built per hold). */
	private final ConcurrentHashMap<String, Integer> perSession = new ConcurrentHashMap<>();

	/** Held requests per client address. */
	private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

	/**
	 * Creates the caps.
	 * @param maxTotal most requests held at once
	 * @param maxPerSession most held for one browser session
	 * @param maxPerAddress most held for one client address
	 */
	LongPollHolds(int maxTotal, int maxPerSession, int maxPerAddress) {
		Assert.isTrue(maxTotal >= 0 && maxPerSession >= 0 && maxPerAddress >= 0, "caps cannot be negative");
		this.maxTotal = maxTotal;
		this.maxPerSession = maxPerSession;
		this.maxPerAddress = maxPerAddress;
	}

	/**
	 * Takes a place for one held request, or none when a cap is reached.
	 * @param sessionId the browser session's id
	 * @param address the client address
	 * @return the place, to be released once when the request ends, or {@code null}
	 */
	@Nullable Hold tryHold(String sessionId, String address) {
		if (this.total.incrementAndGet() > this.maxTotal) {
			this.total.decrementAndGet();
			return null;
		}
		if (!acquire(this.perSession, sessionId, this.maxPerSession)) {
			this.total.decrementAndGet();
			return null;
		}
		if (!acquire(this.perAddress, address, this.maxPerAddress)) {
			release(this.perSession, sessionId);
			this.total.decrementAndGet();
			return null;
		}
		return new Hold(sessionId, address);
	}

	/** Returns the number of requests held now. */
	int held() {
		return this.total.get();
	}

	private static boolean acquire(ConcurrentHashMap<String, Integer> held, String key, int max) {
		boolean[] taken = { false };
		held.compute(key, (k, count) -> {
			int now = (count != null) ? count : 0;
			if (now >= max) {
				return count;
			}
			taken[0] = true;
			return now + 1;
		});
		return taken[0];
	}

	private static void release(ConcurrentHashMap<String, Integer> held, String key) {
		held.computeIfPresent(key, (k, count) -> (count <= 1) ? null : count - 1);
	}

	/** A place taken by one held request (as many at once as requests held: kept small). */
	final class Hold {

		private static final AtomicIntegerFieldUpdater<Hold> RELEASED = AtomicIntegerFieldUpdater
			.newUpdater(Hold.class, "released");

		private final String sessionId;

		private final String address;

		private volatile int released;

		private Hold(String sessionId, String address) {
			this.sessionId = sessionId;
			this.address = address;
		}

		/** Gives the place back; only the first call counts. */
		void release() {
			if (RELEASED.compareAndSet(this, 0, 1)) {
				LongPollHolds.release(LongPollHolds.this.perAddress, this.address);
				LongPollHolds.release(LongPollHolds.this.perSession, this.sessionId);
				LongPollHolds.this.total.decrementAndGet();
			}
		}

	}

}
