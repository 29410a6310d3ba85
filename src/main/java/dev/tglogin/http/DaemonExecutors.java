package dev.tglogin.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library's own small thread pools, for short work that must not start a thread per task.
 * <p>
 * Where the JDK would pick {@code CompletableFuture}'s default executor (for {@code sendAsync} answers or
 * {@code delayedExecutor} tasks), a machine whose common {@code ForkJoinPool} has parallelism 1 (2 CPUs, as in many
 * containers) starts a new thread for every task. These pools have as many threads as there are processors (at least
 * 2), daemon threads that end after 30 s without work, and an unbounded queue: what runs on them is short and never
 * waits for the network.
 */
public final class DaemonExecutors {

	private DaemonExecutors() {
	}

	/**
	 * Creates a pool.
	 * @param name the threads' name prefix, e.g. {@code tglogin-bondify-http}; threads are {@code name-1},
	 * {@code name-2}, ...
	 * @return the pool
	 */
	public static ExecutorService bounded(String name) {
		int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

}
