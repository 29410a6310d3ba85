package dev.tglogin.web;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tglogin.store.StoreKeys;

/**
 * Lets the requests of one browser that would complete the same pending login (concurrent {@code /status} polls
 * that saw a decisive answer) run one at a time, so a pending login completes at most once and the first
 * {@code confirmed} cannot be dropped by a concurrent poll that sees {@code used}.
 * <p>
 * The request that completes or ends the pending login records how ({@link CompletedLogin}); a request that held the
 * same pending login and gets its turn afterwards answers from that record through the same handlers. The record is
 * kept for {@link #KEEP} after the last use of the lock, longer than any request that loaded the pending login
 * before it was consumed can wait, and holds no token (keys are hashes). The lock is per JVM: with several
 * instances the store's single-use records still let a Bondify session complete one login only.
 * <p>
 * This class is thread-safe.
 * <p>
 * Shared by the filters of the feature packages ({@code dev.tglogin.web.*}); not meant for applications.
 */
public final class PendingLoginLock {

	/** How long an idle lock and its record are kept. */
	static final Duration KEEP = Duration.ofMinutes(2);

	private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

	private final AtomicLong nextSweep = new AtomicLong();

	private Duration timeout = Duration.ofSeconds(10);

	private LongSupplier nanoTime = System::nanoTime;

	/**
	 * Sets how long a request waits for its turn. Defaults to 10 seconds.
	 * @param timeout the timeout
	 */
	public void setTimeout(Duration timeout) {
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
		this.timeout = timeout;
	}

	/** For tests: the time source. */
	void setNanoTime(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/** The number of logins with a lock here (for tests). */
	int size() {
		return this.entries.size();
	}

	/**
	 * Waits for the turn of a pending login.
	 * @param token the pending login's token (kept only as a hash)
	 * @return the turn, to be closed once; {@code null} when it did not come within the timeout or the thread was
	 * interrupted (its interrupt flag set again)
	 */
	public @Nullable Turn tryLock(String token) {
		long now = this.nanoTime.getAsLong();
		sweep(now);
		Entry entry = this.entries.compute(StoreKeys.key("pending", token), (key, existing) -> {
			Entry e = (existing != null) ? existing : new Entry();
			synchronized (e) {
				e.waiting++;
			}
			return e;
		});
		boolean locked = false;
		try {
			locked = entry.lock.tryLock(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			synchronized (entry) {
				entry.waiting--;
				entry.lastUsed = now;
			}
		}
		return locked ? new Turn(entry) : null;
	}

	/** Drops, at most every 30 seconds, the locks nobody used for {@link #KEEP}. */
	private void sweep(long now) {
		long due = this.nextSweep.get();
		if (now - due < 0 || !this.nextSweep.compareAndSet(due, now + TimeUnit.SECONDS.toNanos(30))) {
			return;
		}
		long keep = KEEP.toNanos();
		// per key, atomically with the compute that takes a lock: a lock is never dropped while a request wants it
		for (String key : this.entries.keySet()) {
			this.entries.computeIfPresent(key, (k, entry) -> {
				synchronized (entry) {
					return (entry.waiting == 0 && !entry.lock.isLocked() && now - entry.lastUsed > keep) ? null : entry;
				}
			});
		}
	}

	/** The turn of one request; {@link #close()} gives it back. */
	public static final class Turn implements AutoCloseable {

		private final Entry entry;

		private boolean closed;

		private Turn(Entry entry) {
			this.entry = entry;
		}

		/** How the pending login was completed or ended by a request before this one, or {@code null}. */
		public @Nullable CompletedLogin completed() {
			return this.entry.completed;
		}

		/**
		 * Records how this request completed or ended the pending login (the first record stays).
		 * @param completed the record
		 */
		public void complete(CompletedLogin completed) {
			if (this.entry.completed == null) {
				this.entry.completed = completed;
			}
		}

		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				this.entry.lock.unlock();
			}
		}

	}

	private static final class Entry {

		private final ReentrantLock lock = new ReentrantLock();

		/** Requests waiting for or holding the lock; guarded by the entry's monitor. */
		private int waiting;

		/** Guarded by the entry's monitor. */
		private long lastUsed;

		/** Written and read under the lock. */
		private @Nullable CompletedLogin completed;

	}

}
