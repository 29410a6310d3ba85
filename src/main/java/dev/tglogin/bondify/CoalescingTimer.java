package dev.tglogin.bondify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tglogin.http.DaemonExecutors;

/**
 * Runs delayed tasks in batches: a task's delay is rounded up to the end of a {@value #SLOT_MILLIS} ms slot, and all
 * tasks of a slot are handed to the executor together, in chunks of at most {@value #CHUNK} tasks. Thousands of
 * logins checked every few seconds thus wake one timer thread and one executor thread per slot, not one of each per
 * check (as {@code CompletableFuture.delayedExecutor} does). A task never runs early, and is handed over at most one
 * slot late.
 * <p>
 * The timer's one daemon thread ({@code tglogin-status-timer}) hands tasks over, and runs itself only the brief ones
 * ({@link #scheduleBrief}: completing a future whose dependants hand their work over in turn), which thus do not wait
 * behind the executor's queue; it ends after 30 s with nothing scheduled. This class is thread-safe.
 */
final class CoalescingTimer {

	static final long SLOT_MILLIS = 25;

	/** The most tasks run one after the other on one executor thread (ticks may read a shared store). */
	static final int CHUNK = 64;

	static final long SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(SLOT_MILLIS);

	private static final Log logger = LogFactory.getLog(CoalescingTimer.class);

	private final ConcurrentHashMap<Long, Slot> slots = new ConcurrentHashMap<>();

	private final ScheduledThreadPoolExecutor timer;

	private final Supplier<Executor> executor;

	/**
	 * @param executor the executor the tasks run on, read when a slot is due
	 */
	CoalescingTimer(Supplier<Executor> executor) {
		this.executor = executor;
		this.timer = new ScheduledThreadPoolExecutor(1, DaemonExecutors.daemonThreads("tglogin-status-timer"));
		this.timer.setKeepAliveTime(30, TimeUnit.SECONDS);
		this.timer.allowCoreThreadTimeOut(true);
	}

	/**
	 * Runs the task on the executor after at least the delay.
	 * @param task the task; what it throws is logged at debug level
	 * @param delayNanos the delay, in nanoseconds
	 */
	void schedule(Runnable task, long delayNanos) {
		add(task, false, delayNanos);
	}

	/**
	 * Runs a brief task on the timer's thread after at least the delay: one that never blocks and hands any further
	 * work over, such as completing a long-poll's wait.
	 * @param task the task; what it throws is logged at debug level
	 * @param delayNanos the delay, in nanoseconds
	 */
	void scheduleBrief(Runnable task, long delayNanos) {
		add(task, true, delayNanos);
	}

	private void add(Runnable task, boolean brief, long delayNanos) {
		long index = Math.floorDiv(System.nanoTime() + Math.max(0, delayNanos), SLOT_NANOS) + 1;
		while (!this.slots.computeIfAbsent(index, this::open).add(task, brief)) {
			// the slot was handed over (and removed) meanwhile: a new one of the same index, due at once, takes it
		}
	}

	/** The number of tasks waiting (for tests). */
	int waiting() {
		return this.slots.values().stream().mapToInt(Slot::size).sum();
	}

	private Slot open(long index) {
		Slot slot = new Slot();
		this.timer.schedule(() -> due(index, slot), index * SLOT_NANOS - System.nanoTime(), TimeUnit.NANOSECONDS);
		return slot;
	}

	private void due(long index, Slot slot) {
		this.slots.remove(index, slot);
		slot.close();
		// first the brief ones: the long-polls' waits end whatever the executor does with the rest
		slot.brief.forEach(CoalescingTimer::run);
		List<Runnable> tasks = slot.tasks;
		Executor executor = this.executor.get();
		for (int from = 0; from < tasks.size(); from += CHUNK) {
			List<Runnable> chunk = tasks.subList(from, Math.min(tasks.size(), from + CHUNK));
			try {
				executor.execute(() -> chunk.forEach(CoalescingTimer::run));
			}
			catch (RuntimeException ex) {
				// RejectedExecutionException, or whatever an application's executor throws: the next chunks still go
				logger.debug("Telegram login status checks not run: their executor refused them", ex);
			}
		}
	}

	private static void run(Runnable task) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			logger.debug("Telegram login status task failed", ex);
		}
	}

	/** The tasks of one slot; closed when it is handed over. */
	private static final class Slot {

		final List<Runnable> tasks = new ArrayList<>();

		final List<Runnable> brief = new ArrayList<>();

		private boolean closed;

		synchronized boolean add(Runnable task, boolean isBrief) {
			if (this.closed) {
				return false;
			}
			(isBrief ? this.brief : this.tasks).add(task);
			return true;
		}

		/** Closes the slot: its lists no longer change, and are read by the thread that closed it. */
		synchronized void close() {
			this.closed = true;
		}

		synchronized int size() {
			return this.closed ? 0 : this.tasks.size() + this.brief.size();
		}

	}

}
