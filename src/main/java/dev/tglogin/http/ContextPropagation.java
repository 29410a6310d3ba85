package dev.tglogin.http;

import java.util.concurrent.ExecutorService;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.util.ClassUtils;

/**
 * Carries the context of the thread that hands work over (the current observation, and with it the trace) onto the
 * library's own threads, when Micrometer's {@code context-propagation} is on the classpath; without it, work runs
 * as it is. The classes of {@code context-propagation} are touched only in {@link Snapshots}, loaded only when they
 * are there.
 */
final class ContextPropagation {

	private static final boolean PRESENT = ClassUtils.isPresent("io.micrometer.context.ContextSnapshotFactory",
			ContextPropagation.class.getClassLoader());

	private ContextPropagation() {
	}

	/** Returns the executor, capturing the submitting thread's context for each task. */
	static ExecutorService wrap(ExecutorService executor) {
		return PRESENT ? Snapshots.wrap(executor) : executor;
	}

	/** Returns the task, to run in the context of the calling thread as it is now. */
	static Runnable wrap(Runnable task) {
		return PRESENT ? Snapshots.wrap(task) : task;
	}

	private static final class Snapshots {

		private static final ContextSnapshotFactory FACTORY = ContextSnapshotFactory.builder().build();

		static ExecutorService wrap(ExecutorService executor) {
			return ContextExecutorService.wrap(executor, FACTORY);
		}

		static Runnable wrap(Runnable task) {
			ContextSnapshot snapshot = FACTORY.captureAll();
			return snapshot.wrap(task);
		}

	}

}
