package dev.tglogin.web.bondify;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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

	private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

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
		String session = "s:" + sessionId;
		if (!acquire(session, this.maxPerSession)) {
			this.total.decrementAndGet();
			return null;
		}
		String client = "a:" + address;
		if (!acquire(client, this.maxPerAddress)) {
			release(session);
			this.total.decrementAndGet();
			return null;
		}
		return new Hold(session, client);
	}

	/** Returns the number of requests held now. */
	int held() {
		return this.total.get();
	}

	private boolean acquire(String key, int max) {
		boolean[] taken = { false };
		this.held.compute(key, (k, count) -> {
			int now = (count != null) ? count : 0;
			if (now >= max) {
				return count;
			}
			taken[0] = true;
			return now + 1;
		});
		return taken[0];
	}

	private void release(String key) {
		this.held.computeIfPresent(key, (k, count) -> (count <= 1) ? null : count - 1);
	}

	/** A place taken by one held request. */
	final class Hold {

		private final String session;

		private final String client;

		private final AtomicBoolean released = new AtomicBoolean();

		private Hold(String session, String client) {
			this.session = session;
			this.client = client;
		}

		/** Gives the place back; only the first call counts. */
		void release() {
			if (this.released.compareAndSet(false, true)) {
				LongPollHolds.this.release(this.client);
				LongPollHolds.this.release(this.session);
				LongPollHolds.this.total.decrementAndGet();
			}
		}

	}

}
