package dev.tglogin.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
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
 * waits for the network. With Micrometer's {@code context-propagation} on the classpath, each task runs in the
 * context of the thread that submitted it (the current observation, and with it the trace).
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
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), daemonThreads(name));
		executor.allowCoreThreadTimeOut(true);
		return ContextPropagation.wrap(executor);
	}

	/**
	 * Creates the thread factory of the library's own pools: daemon threads named {@code name-1}, {@code name-2}, ...
	 * @param name the threads' name prefix
	 * @return the factory
	 */
	public static ThreadFactory daemonThreads(String name) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Returns a task that runs in the context of the calling thread as it is now (the current observation, and with
	 * it the trace), for work handed over later through another thread, such as the status poller's timed checks
	 * (run by its timer in batches); the task itself without {@code context-propagation}.
	 * @param task the task
	 * @return the task to hand over
	 */
	public static Runnable withCurrentContext(Runnable task) {
		return ContextPropagation.wrap(task);
	}

}
