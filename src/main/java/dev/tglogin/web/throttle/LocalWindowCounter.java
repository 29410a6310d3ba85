package dev.tglogin.web.throttle;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * Fixed-window counters kept in this instance's memory, for a limit that need not be shared across instances and is
 * checked too often for a store write each time (the status polls of a browser session). Windows that ended are
 * dropped at most once per window length, so the map holds about one entry per key counted in the last window.
 * <p>
 * This class is thread-safe.
 */
final class LocalWindowCounter {

	private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

	private volatile long nextSweepMillis;

	/**
	 * Counts one event of a key in the window starting at {@code startMillis}.
	 * @param key the key (kept in memory only)
	 * @param startMillis the window's start
	 * @param endMillis the window's end
	 * @param nowMillis now
	 * @return the key's count in that window, this event included
	 */
	long increment(String key, long startMillis, long endMillis, long nowMillis) {
		if (nowMillis >= this.nextSweepMillis) {
			this.nextSweepMillis = nowMillis + (endMillis - startMillis);
			this.windows.values().removeIf((window) -> window.endMillis <= nowMillis);
		}
		Window window = this.windows.get(key);
		if (window == null || window.startMillis != startMillis) {
			window = this.windows.compute(key, (k, old) -> (old != null && old.startMillis == startMillis) ? old
					: new Window(startMillis, endMillis));
		}
		return Window.COUNT.incrementAndGet(window);
	}

	/** How many keys have a window now (ended ones not swept yet included). */
	int size() {
		return this.windows.size();
	}

	/** One key's window; its count is a field of its own (one object per key and window, as many as sessions). */
	private static final class Window {

		static final AtomicLongFieldUpdater<Window> COUNT = AtomicLongFieldUpdater.newUpdater(Window.class, "count");

		final long startMillis;

		final long endMillis;

		volatile long count;

		Window(long startMillis, long endMillis) {
			this.startMillis = startMillis;
			this.endMillis = endMillis;
		}

	}

}
